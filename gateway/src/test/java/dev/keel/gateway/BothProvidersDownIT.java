package dev.keel.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.testsupport.KafkaBroker;
import dev.keel.testsupport.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class BothProvidersDownIT {

    @Test
    void shouldAnswer503WithRetryAfterWhenBothProvidersFail(KafkaBroker broker) throws Exception {
        try (GatewayStack stack = new GatewayStack(broker)) {
            // Given
            stack.primary.outage(true);
            stack.secondary.outage(true);

            // When: a prompt nobody asked before (no stale cache entry to travel on)
            HttpResponse<String> response = Http.send(Http.post(stack.uri(), GatewayStack.ACME_KEY,
                    Http.chat("Unanswerable " + UUID.randomUUID(), false), Map.of()));

            // Then
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("X-Keel-Attempts").map(Integer::parseInt)).hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(2));
            assertThat(new ObjectMapper().readTree(response.body()).path("error").path("code").asText()).isEqualTo("all_providers_failed");
        }
    }
}
