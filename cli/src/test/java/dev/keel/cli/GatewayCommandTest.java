package dev.keel.cli;

import dev.keel.gateway.KeelGateway;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayCommandTest {

    @Test
    void shouldPrintAKeysFileLineWithoutTheKeyWhenAKeyIsPipedToHashKey() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("sk-piped-key\n".getBytes(StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("gateway", "hash-key", "--tenant", "acme", "--label", "prod");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out().strip()).isEqualTo("acme sha256:" + KeelGateway.keyDigest("sk-piped-key") + " prod");
            assertThat(run.out()).doesNotContain("sk-piped-key");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void shouldExitTwoNamingTheFlagWhenThePortIsOutOfRange() {
        CliRun run = CliRun.of("gateway", "--port", "99999", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("keel gateway: --port: must be 0..65535");
    }

    @Test
    void shouldExitTwoWhenTheKeysFileCannotBeRead() {
        CliRun run = CliRun.of("gateway", "--keys-file", "/nonexistent/keys.txt", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("keel gateway: --keys-file: cannot read /nonexistent/keys.txt");
    }
}
