package dev.keel.router.budget;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.keel.config.ProviderKind;
import dev.keel.schemas.ChatMessage;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Counts input tokens before a call, offline, so a budget can be checked without asking the provider.
 *
 * <ul>
 *   <li><b>OpenAI</b> (and compatible servers): jtokkit with the model's encoding — {@code o200k_base} for the
 *       gpt-4o / gpt-4.1 / gpt-4.5 / gpt-5 / o-series families, else the one jtokkit knows for the name,
 *       else {@code cl100k_base} (older GPTs, and an approximation for open models behind a compatible
 *       server, whose tokenizers jtokkit does not have).</li>
 *   <li><b>Anthropic</b>: no tokenizer is published for offline use, so the count is a documented estimate:
 *       the {@code cl100k_base} count times {@link #ANTHROPIC_ESTIMATE_FACTOR}, rounded up. The factor errs on
 *       the high side on purpose: an estimate that runs high can only make the budget check stricter.</li>
 * </ul>
 * Every message adds {@link #TOKENS_PER_MESSAGE} (role and framing) and every request
 * {@link #TOKENS_PER_REPLY} (the reply primer), following OpenAI's published counting recipe; the same
 * overheads are used for Anthropic. Thread-safe; encodings load lazily on first use and are shared.
 */
public final class TokenCounter {

    public static final double ANTHROPIC_ESTIMATE_FACTOR = 1.25;
    public static final int TOKENS_PER_MESSAGE = 4;
    public static final int TOKENS_PER_REPLY = 3;

    private static final Pattern O200K_FAMILIES = Pattern.compile("^(chatgpt-4o|gpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|o[1-9])(\\b|-|$).*");
    private static final int MAX_TRIM_ROUNDS = 4;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Map<String, Encoding> byModel = new ConcurrentHashMap<>();

    /** Input tokens of a whole request: the system block (when present), every message and the overheads. */
    public int count(ProviderKind kind, String model, String system, List<ChatMessage> messages) {
        return count(kind, model, systemTokens(kind, model, system), messages);
    }

    /** As {@link #count(ProviderKind, String, String, List)}, with the system block's tokens already counted ({@link #systemTokens}). */
    public int count(ProviderKind kind, String model, int systemTokens, List<ChatMessage> messages) {
        int total = TOKENS_PER_REPLY + systemTokens;
        for (ChatMessage message : messages) {
            total += messageTokens(kind, model, message.getContent());
        }
        return total;
    }

    /** Tokens the system block adds, overhead included; 0 without one. */
    public int systemTokens(ProviderKind kind, String model, String system) {
        return system == null || system.isEmpty() ? 0 : messageTokens(kind, model, system);
    }

    /** Tokens one message adds, overhead included. */
    public int messageTokens(ProviderKind kind, String model, String content) {
        return TOKENS_PER_MESSAGE + countText(kind, model, content);
    }

    /** Tokens of bare text (no overhead), estimated for Anthropic. Special-token text counts as ordinary text. */
    public int countText(ProviderKind kind, String model, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return scale(kind, encodingFor(kind, model).countTokensOrdinary(text));
    }

    /**
     * The text with its middle cut out so that, marker included, it counts at most {@code maxTokens}: the
     * head and the tail are kept (the question is usually at one end, its context at the other) and the cut
     * is marked {@code [… N tokens omitted by Keel to fit the budget …]}. Returns the text unchanged when it
     * fits, and null when not even the marker fits.
     */
    public String trimMiddle(ProviderKind kind, String model, String text, int maxTokens) {
        if (countText(kind, model, text) <= maxTokens) {
            return text;
        }
        Encoding encoding = encodingFor(kind, model);
        IntArrayList tokens = encoding.encodeOrdinary(text);
        int keep = unscale(kind, maxTokens) - unscale(kind, countText(kind, model, marker(tokens.size())));
        for (int round = 0; round < MAX_TRIM_ROUNDS && keep > 0; round++) {
            int head = keep - keep / 2;
            int tail = keep / 2;
            String trimmed = stripBrokenEdge(decode(encoding, tokens, 0, head), true)
                    + marker(tokens.size() - keep)
                    + stripBrokenEdge(decode(encoding, tokens, tokens.size() - tail, tokens.size()), false);
            int over = countText(kind, model, trimmed) - maxTokens;
            if (over <= 0) {
                return trimmed;
            }
            keep -= unscale(kind, over) + 1;
        }
        return null;
    }

    private static String marker(int omittedTokens) {
        return String.format(Locale.ROOT, "\n\n[… %,d tokens omitted by Keel to fit the budget …]\n\n", omittedTokens);
    }

    private static String decode(Encoding encoding, IntArrayList tokens, int from, int to) {
        IntArrayList part = new IntArrayList(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            part.add(tokens.get(i));
        }
        return encoding.decode(part);
    }

    /** A cut between tokens can split a multi-byte character; drop the broken half. */
    private static String stripBrokenEdge(String text, boolean atEnd) {
        int from = 0;
        int to = text.length();
        while (atEnd && to > from && text.charAt(to - 1) == '\uFFFD') {
            to--;
        }
        while (!atEnd && from < to && text.charAt(from) == '\uFFFD') {
            from++;
        }
        return text.substring(from, to);
    }

    private static int scale(ProviderKind kind, int rawTokens) {
        return kind == ProviderKind.ANTHROPIC ? (int) Math.ceil(rawTokens * ANTHROPIC_ESTIMATE_FACTOR) : rawTokens;
    }

    private static int unscale(ProviderKind kind, int tokens) {
        return kind == ProviderKind.ANTHROPIC ? (int) Math.floor(tokens / ANTHROPIC_ESTIMATE_FACTOR) : tokens;
    }

    /** The encoding used for a model (visible for tests and diagnostics). */
    public String encodingName(ProviderKind kind, String model) {
        return encodingFor(kind, model).getName();
    }

    private Encoding encodingFor(ProviderKind kind, String model) {
        if (kind == ProviderKind.ANTHROPIC) {
            return registry.getEncoding(EncodingType.CL100K_BASE);
        }
        // The family check comes first: jtokkit maps any "gpt-4..." name, gpt-4.1 included, to cl100k_base.
        return byModel.computeIfAbsent(model == null ? "" : model, name ->
                O200K_FAMILIES.matcher(name.toLowerCase(Locale.ROOT)).matches()
                        ? registry.getEncoding(EncodingType.O200K_BASE)
                        : registry.getEncodingForModel(name).orElseGet(() -> registry.getEncoding(EncodingType.CL100K_BASE)));
    }
}
