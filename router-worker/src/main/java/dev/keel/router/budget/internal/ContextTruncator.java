package dev.keel.router.budget.internal;

import dev.keel.config.ProviderKind;
import dev.keel.router.budget.TokenCounter;
import dev.keel.schemas.ChatMessage;
import dev.keel.schemas.MessageRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code truncate-context} step: makes a conversation fit a number of input tokens while keeping what
 * the answer depends on most. In order:
 * <ol>
 *   <li>the system block is always kept whole;</li>
 *   <li>the oldest turns are dropped, a user turn at a time (the kept part always starts with a user turn,
 *       as both provider APIs expect), never the latest user turn or anything after it;</li>
 *   <li>if the latest user turn alone is still too long, its middle is cut out with a visible marker
 *       ({@link TokenCounter#trimMiddle}).</li>
 * </ol>
 * Pure and thread-safe.
 */
public final class ContextTruncator {

    /** Below this many tokens of the latest user turn, trimming it would leave nothing worth answering. */
    public static final int MIN_KEPT_TOKENS = 16;

    private final TokenCounter counter;

    public ContextTruncator(TokenCounter counter) {
        this.counter = counter;
    }

    /**
     * @param droppedTurns messages removed from the front
     * @param trimmed      whether the latest user turn was cut in the middle
     */
    public record Truncated(List<ChatMessage> messages, int inputTokens, int droppedTurns, boolean trimmed) {
    }

    /** The conversation cut to at most {@code targetTokens} input tokens, or empty when it cannot be. */
    public Optional<Truncated> fit(ProviderKind kind, String model, String system, List<ChatMessage> messages, int targetTokens) {
        int latestUser = latestUserTurn(messages);
        if (latestUser < 0 || targetTokens <= 0) {
            return Optional.empty();
        }
        int base = TokenCounter.TOKENS_PER_REPLY + counter.systemTokens(kind, model, system);
        int[] cost = new int[messages.size()];
        int total = base;
        for (int i = 0; i < messages.size(); i++) {
            cost[i] = counter.messageTokens(kind, model, messages.get(i).getContent());
            total += cost[i];
        }
        int kept = total;
        for (int start = 0; start <= latestUser; start++) {
            if (start > 0) {
                kept -= cost[start - 1];
            }
            boolean validStart = start == 0 || messages.get(start).getRole() == MessageRole.user;
            if (validStart && kept <= targetTokens) {
                return Optional.of(new Truncated(List.copyOf(messages.subList(start, messages.size())), kept, start, false));
            }
        }
        int afterLatest = kept - cost[latestUser];
        int allowance = targetTokens - afterLatest - TokenCounter.TOKENS_PER_MESSAGE;
        if (allowance < MIN_KEPT_TOKENS) {
            return Optional.empty();
        }
        ChatMessage latest = messages.get(latestUser);
        String trimmed = counter.trimMiddle(kind, model, latest.getContent(), allowance);
        if (trimmed == null) {
            return Optional.empty();
        }
        List<ChatMessage> result = new ArrayList<>(messages.subList(latestUser, messages.size()));
        result.set(0, new ChatMessage(latest.getRole(), trimmed));
        int tokens = afterLatest + counter.messageTokens(kind, model, trimmed);
        return tokens <= targetTokens
                ? Optional.of(new Truncated(List.copyOf(result), tokens, latestUser, true))
                : Optional.empty();
    }

    private static int latestUserTurn(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).getRole() == MessageRole.user) {
                return i;
            }
        }
        return -1;
    }
}
