package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertsConfigTest {

    private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n";

    private static KeelConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldReadSinksWithRoutingAndSecretsFromTheEnvironmentWhenConfigured() {
        // Given
        KeelConfig config = parse("""
                alerts:
                  runbook-base-url: https://github.com/acme/keel/blob/main/
                  sinks:
                    oncall: {kind: pagerduty, routing-key: "${PD_KEY}", severities: [page]}
                    team: {kind: slack, url: "${SLACK_URL}", retry: {give-up-after: 2m}}
                    acme: {kind: webhook, url: "https://acme.example/keel", hmac-key: "${ACME_HMAC}", scopes: ["tenant:acme"]}
                """, Map.of("PD_KEY", "0123456789abcdef0123456789abcdef", "SLACK_URL", SLACK_URL, "ACME_HMAC", "a-long-enough-hmac-key"));

        // Then
        AlertsConfig alerts = config.alerts();
        assertThat(alerts.sinks()).containsOnlyKeys("oncall", "team", "acme");
        AlertSinkConfig oncall = alerts.sinks().get("oncall");
        assertThat(oncall.url().reveal()).isEqualTo(AlertSinkConfig.PAGERDUTY_EVENTS_URL);
        assertThat(oncall.takes(SloSeverity.PAGE, "global")).isTrue();
        assertThat(oncall.takes(SloSeverity.TICKET, "global")).isFalse();
        assertThat(alerts.sinks().get("acme").takes(SloSeverity.PAGE, "tenant:acme")).isTrue();
        assertThat(alerts.sinks().get("acme").takes(SloSeverity.PAGE, "tenant:acme2")).isFalse();
        assertThat(alerts.sinks().get("team").retry().giveUpAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(alerts.sinks().get("team").url().reveal()).isEqualTo(SLACK_URL);
        assertThat(ConfigPrinter.toYaml(config)).doesNotContain("s3cr3tT0k3n").doesNotContain("0123456789abcdef").contains("****");
        assertThat(alerts.groupId()).isEqualTo(AlertsConfig.DEFAULT_GROUP_ID);
    }

    @Test
    void shouldNameTheKeyAndLineButNeverTheUrlWhenASinkIsWrong() {
        assertThatThrownBy(() -> parse("""
                alerts:
                  sinks:
                    team:
                      kind: slack
                      url: "ftp://hooks.example/s3cr3tT0k3n"
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("keel.yaml:5").hasMessageContaining("alerts.sinks.team.url").hasMessageContaining("http or https")
                .hasMessageNotContaining("s3cr3tT0k3n");
        assertThatThrownBy(() -> parse("""
                alerts:
                  sinks:
                    oncall: {kind: pagerduty}
                """, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.sinks.oncall.routing-key").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("""
                alerts:
                  sinks:
                    hook: {kind: webhook, url: "https://x.example", hmac-key: short}
                """, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.sinks.hook.hmac-key").hasMessageContaining("16 characters");
        assertThatThrownBy(() -> parse("""
                alerts:
                  sinks:
                    hook: {kind: webhook, url: "https://x.example", hmac-key: "0123456789abcdefg", scopes: ["ten*ant"]}
                """, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.sinks.hook.scopes");
    }
}
