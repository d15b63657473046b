package dev.keel.router.routing;

import dev.keel.config.BudgetConfig;
import dev.keel.router.budget.Admission;
import dev.keel.router.budget.Reservation;
import dev.keel.router.cache.CacheKeys;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.support.Prompts;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.keel.router.support.Prompts.user;
import static org.assertj.core.api.Assertions.assertThat;

class AnswerKeysTest {

    private final AnswerKeys keys = new AnswerKeys(Prompts.KEYS, BudgetConfig.defaults());
    private final PromptRequest request = Prompts.request("acme", "Be brief.", List.of(user("Long context."), user("Question?")))
            .setMaxOutputTokens(300).build();

    private static Admission.Proceed proceed(ModelClass modelClass, List<ChatMessage> messages, int maxOut, List<Degradation> degradations) {
        return new Admission.Proceed("m", modelClass, "Be brief.", messages, maxOut, 10, BigDecimal.ONE, degradations,
                Reservation.unmetered("r", "acme", BigDecimal.ONE));
    }

    @Test
    void shouldGiveTheKeyOfExactlyTheAdmittedShapeWhetherAsAskedOrNot() {
        // Given
        CacheKeys.AsAsked asAsked = keys.asAsked(request);
        List<ChatMessage> cut = List.of(user("Question?"));

        // When
        var asked = keys.admitted(request, asAsked, proceed(ModelClass.STANDARD, request.getMessages(), 300, List.of()));
        var cheaper = keys.admitted(request, asAsked,
                proceed(ModelClass.CHEAPER, request.getMessages(), 300, List.of(Degradation.CHEAPER_MODEL)));
        var truncated = keys.admitted(request, asAsked,
                proceed(ModelClass.STANDARD, cut, 300, List.of(Degradation.TRUNCATED_CONTEXT)));
        var otherCap = keys.admitted(request, asAsked, proceed(ModelClass.STANDARD, request.getMessages(), 200, List.of()));

        // Then: each is the recipe applied to the shape sent
        assertThat(asked).isEqualTo(Prompts.KEYS.of(request, ModelClass.STANDARD, 300)).isEqualTo(asAsked.standard());
        assertThat(cheaper).isEqualTo(Prompts.KEYS.of(request, ModelClass.CHEAPER, 300)).isEqualTo(asAsked.cheaper());
        assertThat(truncated).isEqualTo(Prompts.KEYS.of(request, "Be brief.", cut, ModelClass.STANDARD, 300))
                .isNotEqualTo(asAsked.standard());
        assertThat(otherCap).isEqualTo(Prompts.KEYS.of(request, ModelClass.STANDARD, 200));
    }
}
