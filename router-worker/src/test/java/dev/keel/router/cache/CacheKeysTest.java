package dev.keel.router.cache;

import dev.keel.config.ProviderKind;
import dev.keel.config.ProvidersConfig;
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
    void shouldGiveTheSameKeysAsAskedAsOneKeyAtATimeWhenBothModelClassesAreKeyedAtOnce() {
        // Given
        PromptRequest request = base().setMessages(List.of(user("Hi  there\r\n"), assistant("Hello."), user(QUESTION))).build();

        // When
        CacheKeys.AsAsked both = Prompts.KEYS.asAsked(request, 256);

        // Then
        assertThat(both.standard()).isEqualTo(key(request));
        assertThat(both.cheaper()).isEqualTo(Prompts.KEYS.of(request, ModelClass.CHEAPER, 256));
        assertThat(both.of(ModelClass.CHEAPER)).isEqualTo(both.cheaper());
        assertThat(both.of(ModelClass.STANDARD)).isEqualTo(both.standard());
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

    @Test
    void shouldMissWhenAConfiguredModelOrKindOfTheClassChanges() {
        // Given
        PromptRequest request = base().build();
        CacheKeys configured = CacheKeys.forProviders(new ProvidersConfig(Prompts.openai(), null));
        CacheKeys newModel = CacheKeys.forProviders(new ProvidersConfig(
                Prompts.provider(ProviderKind.OPENAI, "gpt-4.1-mini", "gpt-4.1-nano", Prompts.price("1", "2"), Prompts.price("0.1", "0.2")), null));
        CacheKeys newCheaper = CacheKeys.forProviders(new ProvidersConfig(
                Prompts.provider(ProviderKind.OPENAI, "gpt-4o-mini", "gpt-5-nano", Prompts.price("1", "2"), Prompts.price("0.1", "0.2")), null));
        CacheKeys otherKind = CacheKeys.forProviders(new ProvidersConfig(
                Prompts.provider(ProviderKind.ANTHROPIC, "gpt-4o-mini", "gpt-4.1-nano", Prompts.price("1", "2"), Prompts.price("0.1", "0.2")), null));
        CacheKeys withSecondary = CacheKeys.forProviders(new ProvidersConfig(Prompts.openai(),
                Prompts.provider(ProviderKind.ANTHROPIC, "claude-haiku-4-5", null, Prompts.price("1", "5"), null)));

        // Then: a change of the class's models or kinds misses; a change of the other class does not
        CacheKey standard = configured.of(request, ModelClass.STANDARD, 256);
        assertThat(newModel.of(request, ModelClass.STANDARD, 256)).isNotEqualTo(standard);
        assertThat(otherKind.of(request, ModelClass.STANDARD, 256)).isNotEqualTo(standard);
        assertThat(withSecondary.of(request, ModelClass.STANDARD, 256)).isNotEqualTo(standard);
        assertThat(newCheaper.of(request, ModelClass.STANDARD, 256)).isEqualTo(standard);
        assertThat(newCheaper.of(request, ModelClass.CHEAPER, 256)).isNotEqualTo(configured.of(request, ModelClass.CHEAPER, 256));
        assertThat(configured.fingerprint(ModelClass.STANDARD)).isEqualTo("primary=openai/gpt-4o-mini");
        assertThat(withSecondary.fingerprint(ModelClass.CHEAPER)).isEqualTo("primary=openai/gpt-4.1-nano;secondary=anthropic/-");
    }

    @Test
    void shouldKeepInlineCodeSpacingInTheKeyWhenProseSpacingIsCollapsed() {
        assertThat(key(base().setMessages(List.of(user("Is `a   b` valid?"))).build()))
                .isNotEqualTo(key(base().setMessages(List.of(user("Is `a b` valid?"))).build()))
                .isEqualTo(key(base().setMessages(List.of(user("Is   `a   b`  valid?"))).build()));
    }
}
