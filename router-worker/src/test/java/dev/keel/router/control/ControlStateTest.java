package dev.keel.router.control;

import dev.keel.schemas.ControlCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ControlStateTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(10_250), ZoneOffset.UTC);

    private static ControlState state(Map<String, String> env) {
        return new ControlState(false, Set.of("primary", "secondary"), env::get, CLOCK);
    }

    private static ControlCommand command(String setting, String value) {
        return new ControlCommand(setting, value, "oncall", 10_000L);
    }

    @Test
    void shouldFlipBypassBothWaysAndRevertOnATombstone() {
        ControlState state = state(Map.of());

        assertThat(state.apply("bypass", command("bypass", "true"))).isInstanceOf(ControlState.Applied.Ok.class);
        assertThat(state.bypass()).isTrue();
        assertThat(state.lastApplyLagMs()).isEqualTo(250);
        state.apply("bypass", command("bypass", "off"));
        assertThat(state.bypass()).isFalse();
        state.apply("bypass", command("bypass", "on"));
        state.apply("bypass", null);
        assertThat(state.bypass()).isFalse();
    }

    @Test
    void shouldResolveKeyReferencesOnTheWorker(@TempDir Path dir) throws IOException {
        // Given
        ControlState state = state(Map.of("ROTATED_KEY", "sk-rotated"));
        Path file = dir.resolve("key");
        Files.writeString(file, "sk-from-file\n");

        // When / Then
        state.apply("provider.primary.api_key", command("provider.primary.api_key", "env:ROTATED_KEY"));
        assertThat(state.apiKeyOverride("primary").reveal()).isEqualTo("sk-rotated");
        state.apply("provider.secondary.api_key", command("provider.secondary.api_key", "file:" + file));
        assertThat(state.apiKeyOverride("secondary").reveal()).isEqualTo("sk-from-file");
        state.apply("provider.primary.api_key", command("provider.primary.api_key", "revoked"));
        assertThat(state.apiKeyOverride("primary")).isSameAs(ControlState.REVOKED_KEY);
        state.apply("provider.primary.api_key", command("provider.primary.api_key", null));
        assertThat(state.apiKeyOverride("primary")).isNull();
    }

    @Test
    void shouldRefuseALiteralKeyWithoutEchoingIt() {
        ControlState state = state(Map.of());

        ControlState.Applied applied = state.apply("provider.primary.api_key",
                command("provider.primary.api_key", "sk-live-pasted-by-mistake"));

        assertThat(applied).isInstanceOf(ControlState.Applied.Refused.class);
        assertThat(applied.toString()).doesNotContain("sk-live-pasted-by-mistake");
        assertThat(state.apiKeyOverride("primary")).isNull();
    }

    @Test
    void shouldDisableAndEnableAProvider() {
        ControlState state = state(Map.of());

        state.apply("provider.secondary.disabled", command("provider.secondary.disabled", "true"));
        assertThat(state.isDisabled("secondary")).isTrue();
        state.apply("provider.secondary.disabled", command("provider.secondary.disabled", "false"));
        assertThat(state.isDisabled("secondary")).isFalse();
    }

    @Test
    void shouldRefuseUnknownSettingsProvidersAndValues() {
        ControlState state = state(Map.of());

        assertThat(state.apply("turbo", command("turbo", "on"))).isInstanceOf(ControlState.Applied.Refused.class);
        assertThat(state.apply("provider.tertiary.disabled", command("provider.tertiary.disabled", "true")))
                .isEqualTo(new ControlState.Applied.Refused("provider.tertiary.disabled", "no provider named tertiary"));
        assertThat(state.apply("bypass", command("bypass", "maybe")))
                .isEqualTo(new ControlState.Applied.Refused("bypass", "value must be true or false"));
        assertThat(state.apply("provider.primary.api_key", command("provider.primary.api_key", "env:UNSET_VAR")))
                .isEqualTo(new ControlState.Applied.Refused("provider.primary.api_key",
                        "environment variable UNSET_VAR is not set on this worker"));
        assertThat(state.bypass()).isFalse();
    }
}
