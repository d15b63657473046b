package dev.keel.gateway.internal;

import dev.keel.config.GatewayConfig;
import dev.keel.config.GatewayKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    @Test
    void shouldFindTheTenantWhenTheBearerKeyHashesToAKnownDigest() {
        ApiKeys keys = ApiKeys.of(List.of(new GatewayKey("acme", ApiKeys.sha256Hex("sk-acme"), "prod")));

        assertThat(keys.authenticate("Bearer sk-acme")).hasValue(new ApiKeys.Caller("acme", "prod"));
        assertThat(keys.authenticate("bearer sk-acme")).isPresent();
        assertThat(keys.authenticate("Bearer sk-other")).isEmpty();
        assertThat(keys.authenticate("Basic c2stYWNtZQ==")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("Bearer ")).isEmpty();
    }

    @Test
    void shouldReadAKeysFileWithCommentsAndLabels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "# tenant digest label\nacme sha256:" + ApiKeys.sha256Hex("sk-a") + " acme-prod\n\nglobex " + ApiKeys.sha256Hex("sk-g") + "\n");

        ApiKeys keys = ApiKeys.from(GatewayConfig.defaults().withKeys(file.toString(), List.of()));

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.authenticate("Bearer sk-g")).hasValue(new ApiKeys.Caller("globex", "globex"));
    }

    @Test
    void shouldNameTheFileLineWithoutQuotingItWhenAKeysFileLineIsBad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "acme sha256:" + ApiKeys.sha256Hex("sk-a") + "\nglobex sk-plaintext-key-pasted-by-mistake\n");

        assertThatThrownBy(() -> ApiKeys.from(GatewayConfig.defaults().withKeys(file.toString(), List.of())))
                .hasMessageContaining("keys.txt:2:")
                .hasMessageContaining("sha256")
                .hasMessageNotContaining("sk-plaintext-key-pasted-by-mistake");
    }
}
