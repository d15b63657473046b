package dev.keel.router.budget;

import dev.keel.config.BudgetConfig;
import dev.keel.config.BudgetPeriod;
import dev.keel.config.CacheConfig;
import dev.keel.config.DegradeStep;
import dev.keel.config.ProviderConfig;
import dev.keel.config.ProviderKind;
import dev.keel.config.TenantBudget;
import dev.keel.router.cache.CacheKey;
import dev.keel.router.cache.ModelClass;
import dev.keel.router.support.Prompts;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.Degradation;
import dev.keel.schemas.PromptRequest;
import dev.keel.testbase.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.keel.router.support.Prompts.assistant;
import static dev.keel.router.support.Prompts.price;
import static dev.keel.router.support.Prompts.user;
import static org.assertj.core.api.Assertions.assertThat;

class BudgetGateTest {

    private static final List<DegradeStep> ALL_STEPS = BudgetConfig.DEFAULT_DEGRADE;
    private static final String SYSTEM = "You are a careful assistant.";

    private final MutableClock clock = MutableClock.at("2025-03-14T12:00:00Z");
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final TokenCounter counter = new TokenCounter();
    private BudgetLedger ledger;

    /** Output-priced only (input free): the worst case is exactly max output tokens x output price. */
    private static ProviderConfig outputPriced(ProviderKind kind, String model, String outputPerMillion,
                                               String cheaper, String cheaperOutputPerMillion) {
        return Prompts.provider(kind, model, cheaper, price("0", outputPerMillion),
                cheaper == null ? null : price("0", cheaperOutputPerMillion));
    }

    private BudgetGate gate(BudgetConfig config) {
        ledger = BudgetLedgers.create(config, CacheConfig.defaults(), clock, meters);
        return new BudgetGate(config, counter, ledger, clock, meters);
    }

    /** The key the router's cache stage writes an admitted shape's answer under (AnswerKeys.admitted). */
    private static CacheKey answerKey(PromptRequest request, Admission.Proceed p) {
        return Prompts.KEYS.of(request, p.system(), p.messages(), p.modelClass(), p.maxOutputTokens());
    }

    private static BudgetConfig budget(String maxCost, Integer maxInputTokens, List<DegradeStep> degrade,
                                       Map<String, TenantBudget> tenants) {
        return new BudgetConfig(new BigDecimal(maxCost), maxInputTokens, 4_096, 1_000, degrade, tenants, null, null);
    }

    private static PromptRequest.Builder ask(String question) {
        return Prompts.request("acme", SYSTEM, List.of(user(question)));
    }

    private static List<ChatMessage> longConversation() {
        return List.of(
                user("first " + Prompts.words(400)), assistant("first reply " + Prompts.words(400)),
                user("second " + Prompts.words(400)), assistant("second reply " + Prompts.words(400)),
                user("So what is the answer?"));
    }

    private double counter(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void shouldProceedUnchangedWithTheWorstCaseHeldWhenTheRequestFits() {
        // Given
        BudgetGate gate = gate(budget("0.10", null, ALL_STEPS, Map.of("acme", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("50")))));
        ProviderConfig primary = Prompts.openai();
        PromptRequest request = ask("What is 2 + 2?").setMaxOutputTokens(500).build();

        // When
        Admission admission = gate.admit(request, "primary", primary);

        // Then: input x $1/M + 500 x $2/M
        int tokens = counter.count(ProviderKind.OPENAI, "gpt-4o-mini", SYSTEM, request.getMessages());
        assertThat(admission).isInstanceOfSatisfying(Admission.Proceed.class, p -> {
            assertThat(p.model()).isEqualTo("gpt-4o-mini");
            assertThat(p.modelClass()).isEqualTo(ModelClass.STANDARD);
            assertThat(p.messages()).isEqualTo(request.getMessages());
            assertThat(p.system()).isEqualTo(SYSTEM);
            assertThat(p.inputTokens()).isEqualTo(tokens);
            assertThat(p.maxOutputTokens()).isEqualTo(500);
            assertThat(p.estimateUsd()).isEqualByComparingTo(BigDecimal.valueOf(tokens + 1_000L).movePointLeft(6));
            assertThat(p.degradations()).isEmpty();
            assertThat(answerKey(request, p)).isEqualTo(Prompts.KEYS.of(request, ModelClass.STANDARD, 500));
            assertThat(p.reservation().granted()).isTrue();
            assertThat(p.reservation().amountUsd()).isEqualByComparingTo(p.estimateUsd());
            assertThat(p.reservation().store()).isEqualTo(Reservation.Store.LOCAL);
        });
    }

    @Test
    void shouldDefaultAndCapMaxOutputTokensWhenTheRequestSaysNothingOrTooMuch() {
        // Given
        BudgetGate gate = gate(budget("10", null, ALL_STEPS, Map.of()));

        // When
        Admission absent = gate.admit(ask("Hi").build(), "primary", Prompts.openai());
        Admission tooMany = gate.admit(ask("Hi").setMaxOutputTokens(1_000_000).build(), "primary", Prompts.openai());

        // Then
        assertThat(((Admission.Proceed) absent).maxOutputTokens()).isEqualTo(1_000);
        assertThat(((Admission.Proceed) tooMany).maxOutputTokens()).isEqualTo(4_096);
        assertThat(((Admission.Proceed) tooMany).reservation().store()).isEqualTo(Reservation.Store.NONE);
    }

    @Test
    void shouldRejectNamingTheInputTokenLimitAndTheExcessWhenNothingMayBeTruncated() {
        // Given
        BudgetGate gate = gate(budget("10", 1_000, List.of(), Map.of()));
        PromptRequest request = Prompts.request("acme", SYSTEM, longConversation()).build();
        int tokens = counter.count(ProviderKind.OPENAI, "gpt-4o-mini", SYSTEM, request.getMessages());

        // When
        Admission admission = gate.admit(request, "primary", Prompts.openai());

        // Then
        assertThat(admission).isEqualTo(new Admission.Reject(BudgetLimit.MAX_INPUT_TOKENS, String.format(
                "budget.max-input-tokens: request has %,d input tokens, limit 1,000 (over by %,d)", tokens, tokens - 1_000)));
        assertThat(counter("keel.budget.rejections", "limit", "max_input_tokens")).isEqualTo(1);
    }

    @Test
    void shouldRejectNamingTheCostCapTheProviderAndTheExcessWhenTheWorstCaseIsTooDear() {
        // Given: $100 per million output tokens, 1,830 max output tokens -> $0.1830
        BudgetGate gate = gate(budget("0.10", null, List.of(), Map.of()));
        ProviderConfig secondary = outputPriced(ProviderKind.ANTHROPIC, "claude-x", "100", null, null);

        // When
        Admission admission = gate.admit(ask("Write an essay.").setMaxOutputTokens(1_830).build(), "secondary", secondary);

        // Then
        assertThat(admission).isEqualTo(new Admission.Reject(BudgetLimit.MAX_COST_PER_REQUEST,
                "budget.max-cost-per-request-usd: worst case $0.1830 at secondary/claude-x, cap $0.1000 (over by $0.0830)"));
    }

    @Test
    void shouldLowerButNeverRaiseTheCapWhenTheRequestSetsMaxCostUsd() {
        // Given
        BudgetGate gate = gate(budget("0.10", null, List.of(), Map.of()));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "100", null, null);

        // When
        Admission lowered = gate.admit(ask("Hi").setMaxOutputTokens(500).setMaxCostUsd(0.01).build(), "primary", primary);
        Admission raised = gate.admit(ask("Hi").setMaxOutputTokens(1_830).setMaxCostUsd(5.0).build(), "primary", primary);

        // Then
        assertThat(lowered).isEqualTo(new Admission.Reject(BudgetLimit.REQUEST_MAX_COST,
                "request.max_cost_usd: worst case $0.0500 at primary/gpt-4o-mini, cap $0.0100 (over by $0.0400)"));
        assertThat(raised).isInstanceOfSatisfying(Admission.Reject.class,
                r -> assertThat(r.limit()).isEqualTo(BudgetLimit.MAX_COST_PER_REQUEST));
    }

    @Test
    void shouldRejectAsInvalidWhenTheRequestAsksForNoOutputOrNoMoney() {
        // Given
        BudgetGate gate = gate(budget("0.10", null, ALL_STEPS, Map.of()));

        // When / Then
        assertThat(gate.admit(ask("Hi").setMaxOutputTokens(0).build(), "primary", Prompts.openai()))
                .isEqualTo(new Admission.Reject(BudgetLimit.INVALID_REQUEST, "request.max_output_tokens: must be positive, got 0"));
        assertThat(gate.admit(ask("Hi").setMaxCostUsd(-1.0).build(), "primary", Prompts.openai()))
                .isEqualTo(new Admission.Reject(BudgetLimit.INVALID_REQUEST, "request.max_cost_usd: must be a positive amount, got -1.0"));
        assertThat(gate.admit(ask("Hi").setMaxCostUsd(Double.NaN).build(), "primary", Prompts.openai()))
                .isInstanceOf(Admission.Reject.class);
    }

    @Test
    void shouldRejectNamingTheTenantBudgetWhatWasSpentAndTheExcessWhenThePeriodBudgetIsNearlyGone() {
        // Given $49.97 of $50.00 spent today
        BudgetGate gate = gate(budget("0.10", null, List.of(), Map.of("acme", new TenantBudget(BudgetPeriod.DAY, new BigDecimal("50")))));
        Reservation earlier = ledger.reserve("acme", new BigDecimal("49.97"));
        ledger.settle(earlier, new BigDecimal("49.97"));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "90", null, null);

        // When: worst case 1,000 x $90/M = $0.09
        Admission admission = gate.admit(ask("Hi").setMaxOutputTokens(1_000).build(), "primary", primary);

        // Then
        assertThat(admission).isEqualTo(new Admission.Reject(BudgetLimit.TENANT_BUDGET,
                "budget.tenants.acme: spent $49.97 of $50.00 this day; this request may cost up to $0.0900 (over by $0.0600)"));
        assertThat(counter("keel.budget.rejections", "limit", "tenant_budget")).isEqualTo(1);
    }

    @Test
    void shouldProceedWithTruncatedContextKeepingSystemAndLatestTurnWhenTheConversationIsOverTheInputCap() {
        // Given an input cap that the last exchange fits but the whole conversation does not
        PromptRequest request = Prompts.request("acme", SYSTEM, longConversation()).setMaxOutputTokens(100).build();
        int cap = counter.count(ProviderKind.OPENAI, "gpt-4o-mini", SYSTEM, request.getMessages().subList(2, 5)) + 5;
        BudgetGate gate = gate(budget("10", cap, ALL_STEPS, Map.of()));

        // When
        Admission admission = gate.admit(request, "primary", Prompts.openai());

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.Proceed.class, p -> {
            assertThat(p.degradations()).containsExactly(Degradation.TRUNCATED_CONTEXT);
            assertThat(p.system()).isEqualTo(SYSTEM);
            assertThat(p.messages()).isEqualTo(request.getMessages().subList(2, 5));
            assertThat(p.inputTokens()).isLessThanOrEqualTo(cap)
                    .isEqualTo(counter.count(ProviderKind.OPENAI, "gpt-4o-mini", SYSTEM, p.messages()));
            assertThat(answerKey(request, p)).isEqualTo(Prompts.KEYS.of(request, SYSTEM, p.messages(), ModelClass.STANDARD, 100))
                    .isNotEqualTo(Prompts.KEYS.of(request, ModelClass.STANDARD, 100));
        });
        assertThat(counter("keel.budget.degradations", "kind", "truncated_context")).isEqualTo(1);
    }

    @Test
    void shouldTrimTheMiddleOfTheLatestTurnWithAMarkerWhenDroppingTurnsIsNotEnough() {
        // Given
        BudgetGate gate = gate(budget("10", 800, ALL_STEPS, Map.of()));
        PromptRequest request = Prompts.request("acme", SYSTEM, List.of(user("old question"), assistant("old answer"),
                user("CONTEXT " + Prompts.words(3_000) + " QUESTION: summarize."))).setMaxOutputTokens(100).build();

        // When
        Admission admission = gate.admit(request, "primary", Prompts.openai());

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.Proceed.class, p -> {
            assertThat(p.degradations()).containsExactly(Degradation.TRUNCATED_CONTEXT);
            assertThat(p.messages()).hasSize(1);
            assertThat(p.messages().getFirst().getContent()).startsWith("CONTEXT word0").endsWith("QUESTION: summarize.")
                    .contains("tokens omitted by Keel to fit the budget");
            assertThat(p.inputTokens()).isLessThanOrEqualTo(800);
        });
    }

    @Test
    void shouldTruncateToWhatTheTenantHasLeftWhenTheFullContextWouldOverrunThePeriodBudget() {
        // Given input at $10 per million, output free; $0.01 left of the tenant's $1.00
        BudgetGate gate = gate(budget("10", null, ALL_STEPS, Map.of("acme", new TenantBudget(BudgetPeriod.MONTH, BigDecimal.ONE))));
        ledger.settle(ledger.reserve("acme", new BigDecimal("0.99")), new BigDecimal("0.99"));
        ProviderConfig primary = Prompts.provider(ProviderKind.OPENAI, "gpt-4o-mini", null, price("10", "0"), null);
        PromptRequest request = Prompts.request("acme", SYSTEM, longConversation()).setMaxOutputTokens(100).build();

        // When
        Admission admission = gate.admit(request, "primary", primary);

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.Proceed.class, p -> {
            assertThat(p.degradations()).containsExactly(Degradation.TRUNCATED_CONTEXT);
            assertThat(p.estimateUsd()).isLessThanOrEqualTo(new BigDecimal("0.01"));
            assertThat(p.messages().getLast()).isEqualTo(request.getMessages().getLast());
        });
    }

    @Test
    void shouldSwitchToTheCheaperModelWhenTruncationCannotHelp() {
        // Given output-dominated cost: $0.10 on the model, $0.01 on the cheaper model, cap $0.05
        BudgetGate gate = gate(budget("0.05", null, ALL_STEPS, Map.of()));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "100", "gpt-4.1-nano", "10");
        PromptRequest request = ask("Write a poem.").setMaxOutputTokens(1_000).build();

        // When
        Admission admission = gate.admit(request, "primary", primary);

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.Proceed.class, p -> {
            assertThat(p.degradations()).containsExactly(Degradation.CHEAPER_MODEL);
            assertThat(p.model()).isEqualTo("gpt-4.1-nano");
            assertThat(p.modelClass()).isEqualTo(ModelClass.CHEAPER);
            assertThat(p.estimateUsd()).isEqualByComparingTo("0.01");
            assertThat(p.messages()).isEqualTo(request.getMessages());
            assertThat(answerKey(request, p)).isEqualTo(Prompts.KEYS.of(request, ModelClass.CHEAPER, 1_000));
        });
        assertThat(counter("keel.budget.degradations", "kind", "cheaper_model")).isEqualTo(1);
    }

    @Test
    void shouldApplyBothStepsInOrderWhenOneAloneDoesNotFit() {
        // Given input over the cap and output too dear on the standard model
        BudgetGate gate = gate(budget("0.05", 1_000, ALL_STEPS, Map.of()));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "100", "gpt-4.1-nano", "10");
        PromptRequest request = Prompts.request("acme", SYSTEM, longConversation()).setMaxOutputTokens(1_000).build();

        // When
        Admission admission = gate.admit(request, "primary", primary);

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.Proceed.class, p ->
                assertThat(p.degradations()).containsExactly(Degradation.TRUNCATED_CONTEXT, Degradation.CHEAPER_MODEL));
    }

    @Test
    void shouldSendTheRouterToTheCacheWhenNothingFitsButCachedResponsesAreAllowed() {
        // Given
        BudgetGate gate = gate(budget("0.001", null, ALL_STEPS, Map.of()));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "100", "gpt-4.1-nano", "10");
        PromptRequest request = ask("Write a poem.").setMaxOutputTokens(1_000).build();

        // When
        Admission admission = gate.admit(request, "primary", primary);

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.UseCache.class, u -> {
            assertThat(u.degradations()).containsExactly(Degradation.CACHED_RESPONSE);
            assertThat(u.limit()).isEqualTo(BudgetLimit.MAX_COST_PER_REQUEST);
            assertThat(u.reason()).isEqualTo("budget.max-cost-per-request-usd: worst case $0.0100 at primary/gpt-4.1-nano, "
                    + "cap $0.0010 (over by $0.0090) — still over after truncate-context, cheaper-model");
        });
        Admission.Reject reject = gate.rejectWithoutCache((Admission.UseCache) admission);
        assertThat(reject.message()).endsWith("; no cached answer to fall back on");
        assertThat(counter("keel.budget.degradations", "kind", "cached_response")).isEqualTo(1);
        assertThat(counter("keel.budget.rejections", "limit", "max_cost_per_request")).isEqualTo(1);
    }

    @Test
    void shouldRejectNamingTheLimitWhenARequestIsOverEveryLimit() {
        // Given input over the cap, cost over the cap even on the cheaper model, tenant out of budget
        BudgetGate gate = gate(budget("0.001", 1_000, List.of(DegradeStep.TRUNCATE_CONTEXT, DegradeStep.CHEAPER_MODEL),
                Map.of("acme", new TenantBudget(BudgetPeriod.DAY, BigDecimal.ZERO))));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "100", "gpt-4.1-nano", "10");
        PromptRequest request = Prompts.request("acme", SYSTEM, longConversation()).setMaxOutputTokens(1_000).build();

        // When
        Admission admission = gate.admit(request, "primary", primary);

        // Then
        assertThat(admission).isInstanceOfSatisfying(Admission.Reject.class, r -> {
            assertThat(r.limit()).isEqualTo(BudgetLimit.MAX_COST_PER_REQUEST);
            assertThat(r.message()).startsWith("budget.max-cost-per-request-usd: worst case $0.0100 at primary/gpt-4.1-nano")
                    .endsWith("still over after truncate-context, cheaper-model");
        });
    }

    @Test
    void shouldRecheckAtTheSecondarysPriceWhenTheRouterFailsOver() {
        // Given the same request, a primary at $20/M output and a secondary three times dearer
        BudgetGate gate = gate(budget("0.05", null, List.of(), Map.of()));
        ProviderConfig primary = outputPriced(ProviderKind.OPENAI, "gpt-4o-mini", "20", null, null);
        ProviderConfig secondary = outputPriced(ProviderKind.ANTHROPIC, "claude-haiku-4-5", "60", null, null);
        PromptRequest request = ask("Draft a reply.").setMaxOutputTokens(1_000).build();

        // When
        Admission onPrimary = gate.admit(request, "primary", primary);
        ledger.settle(((Admission.Proceed) onPrimary).reservation(), BigDecimal.ZERO);
        Admission onSecondary = gate.admit(request, "secondary", secondary);

        // Then
        assertThat(onPrimary).isInstanceOf(Admission.Proceed.class);
        assertThat(onSecondary).isEqualTo(new Admission.Reject(BudgetLimit.MAX_COST_PER_REQUEST,
                "budget.max-cost-per-request-usd: worst case $0.0600 at secondary/claude-haiku-4-5, cap $0.0500 (over by $0.0100)"));
    }
}
