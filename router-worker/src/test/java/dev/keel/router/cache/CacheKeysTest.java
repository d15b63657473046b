package dev.keel.router.cache;

import dev.keel.router.support.Prompts;
import dev.keel.schemas.PromptRequest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.keel.router.support.Prompts.assistant;
import static dev.keel.router.support.Prompts.user;
import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysTest {

    private static final String QUESTION = "What is the capital of France? Answer in one word.";

    private static PromptRequest.Builder base() {
        return Prompts.request("acme", "You are terse.", List.of(user(QUESTION))).setPromptVersion("v3").setTemperature(0.2);
    }

    private static CacheKey key(PromptRequest request) {
        return Prompts.KEYS.of(request, ModelClass.STANDARD, 256);
    }

    @Test
    void shouldGiveTheSameKeyWhenOnlyWhitespaceTrailingNewlinesOrAttributesDiffer() {
        // Given
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        PromptRequest original = base().setAttributes(ab).build();
        PromptRequest variant = base().setAttributes(ba).setRequestId("another-id").setFeature("other-feature")
                .setSystem("You   are terse.\n\n")
                .setMessages(List.of(user("What is the  capital of France?   Answer in one word.\r\n\n"))).build();

        // When / Then
        assertThat(key(variant)).isEqualTo(key(original));
    }

    @Test
    void shouldGiveDifferentKeysWhenAnythingThatChangesTheAnswerDiffers() {
        // Given
        PromptRequest original = base().build();

        // Then
        assertThat(key(base().setMessages(List.of(user(QUESTION.replace("France", "Spain")))).build())).isNotEqualTo(key(original));
        assertThat(key(base().setSystem("You are verbose.").build())).isNotEqualTo(key(original));
        assertThat(key(base().setSystem(null).build())).isNotEqualTo(key(original));
        assertThat(key(base().setPromptVersion("v4").build())).isNotEqualTo(key(original));
        assertThat(key(base().setPromptVersion(null).build())).isNotEqualTo(key(original));
        assertThat(key(base().setTemperature(0.3).build())).isNotEqualTo(key(original));
        assertThat(Prompts.KEYS.of(original, ModelClass.CHEAPER, 256)).isNotEqualTo(key(original));
        assertThat(Prompts.KEYS.of(original, ModelClass.STANDARD, 512)).isNotEqualTo(key(original));
        assertThat(key(base().setMessages(List.of(assistant(QUESTION))).build())).isNotEqualTo(key(original));
        assertThat(key(base().setMessages(List.of(user("What is"), user("the capital of France? Answer in one word."))).build()))
                .isNotEqualTo(key(base().setMessages(List.of(user("What is the"), user("capital of France? Answer in one word."))).build()));
    }

    @Test
    void shouldTreatAnAbsentTemperatureAsItsOwnValueWhenTheProviderDefaultIsUnknown() {
        assertThat(key(base().setTemperature(null).build())).isNotEqualTo(key(base().setTemperature(1.0).build()));
        assertThat(key(base().setTemperature(1.0).build())).isEqualTo(key(base().setTemperature(1.00).build()));
        assertThat(key(base().setTemperature(0.0).build())).isEqualTo(key(base().setTemperature(-0.0).build()));
        assertThat(key(base().setTemperature(0.5).build())).isNotEqualTo(key(base().setTemperature(-0.5).build()));
    }

    @Test
    void shouldGiveDifferentKeysWhenTwoTenantsSendTheSamePrompt() {
        // When
        CacheKey acme = key(base().build());
        CacheKey globex = key(base().setTenantId("globex").build());

        // Then
        assertThat(globex.digest()).isNotEqualTo(acme.digest());
        assertThat(globex.tenantId()).isEqualTo("globex");
    }

    @Test
    void shouldNeverShowThePromptWhenTheKeyIsPrinted() {
        // When
        CacheKey key = key(base().build());

        // Then
        assertThat(key.digest()).matches("[0-9a-f]{64}");
        assertThat(key.toString()).doesNotContain("capital", "France", "terse").contains("acme").hasSizeLessThan(60);
    }
}
