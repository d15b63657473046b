package dev.keel.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetAndCacheConfigTest {

    private static KeelConfig parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml, "keel.yaml", Path.of("."));
    }

    @Test
    void shouldRejectAnOrderWhereStepsFollowCachedResponseWhenTheyCouldNeverRun() {
        assertThatThrownBy(() -> parse("budget:\n  degrade: [cached-response, truncate-context]\n"))
                .hasMessageContaining("budget.degrade: cached-response must be the last step");
    }

    @Test
    void shouldAcceptAnyOrderEndingWithCachedResponseOrWithoutIt() {
        assertThat(parse("budget:\n  degrade: [cheaper-model, truncate-context, cached-response]\n").budget().degrade())
                .containsExactly(DegradeStep.CHEAPER_MODEL, DegradeStep.TRUNCATE_CONTEXT, DegradeStep.CACHED_RESPONSE);
        assertThat(parse("budget:\n  degrade: []\n").budget().degrade()).isEmpty();
    }

    @Test
    void shouldDefaultTheConnectTimeoutAndReadItWhenSet() {
        assertThat(parse("").cache().connectTimeout()).isEqualTo(CacheConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(parse("cache:\n  connect-timeout: 250ms\n").cache().connectTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldRejectAKeyPrefixThatWouldBreakRedisKeysWhenItHasSeparatorsOrBraces() {
        assertThatThrownBy(() -> parse("cache:\n  key-prefix: \"keel:{x}\"\n"))
                .hasMessageContaining("cache.key-prefix: must be letters, digits");
    }

    @Test
    void shouldKeepEverythingButTheChangedFieldWhenCopyingWithAnotherUriOrPrefix() {
        // Given
        CacheConfig config = new CacheConfig(true, null, Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofMillis(80),
                10, "keel", Duration.ofSeconds(3));

        // When
        CacheConfig copy = config.withRedisUri(Secret.of("redis://cache:6379")).withKeyPrefix("test-1");

        // Then
        assertThat(copy).isEqualTo(new CacheConfig(true, Secret.of("redis://cache:6379"), Duration.ofMinutes(5),
                Duration.ofHours(2), Duration.ofMillis(80), 10, "test-1", Duration.ofSeconds(3)));
    }
}
