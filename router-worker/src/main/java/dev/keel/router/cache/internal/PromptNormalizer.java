package dev.keel.router.cache.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites prompt text so that variants a reader would call "the same prompt" become identical, and
 * nothing else does. Pure and thread-safe.
 *
 * <p>Rules (BUDGET_AND_CACHE.md "Normalization"):
 * <ol>
 *   <li>Unicode NFC (canonical composition: "é" typed two ways). Never NFKC, which folds look-alikes that
 *       can differ in meaning ("x²" → "x2", full-width forms).</li>
 *   <li>CRLF and CR become LF; a leading byte-order mark is dropped.</li>
 *   <li>Outside fenced code blocks: the leading indentation of a line is kept as written (it carries
 *       structure: nested lists, indented code, pasted YAML); after it, a run of horizontal whitespace
 *       becomes one tab if it contains a tab (a column separator stays a separator) and one space
 *       otherwise; trailing whitespace is dropped; runs of blank lines become one blank line. Inline code
 *       spans ({@code `a   b`}, a backtick run closed by one of the same length on the same line) are kept
 *       byte for byte, like fenced blocks.</li>
 *   <li>Inside fenced code blocks ({@code ```} or {@code ~~~}) lines are kept byte for byte: indentation
 *       and spacing can be the program.</li>
 *   <li>Leading and trailing blank lines of the whole text are dropped. Case is never changed.</li>
 * </ol>
 */
public final class PromptNormalizer {

    private PromptNormalizer() {
    }

    /** The normalized text; {@code null} and blank text both become the empty string. */
    public static String normalize(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (!nfc.isEmpty() && nfc.charAt(0) == '\uFEFF') {
            nfc = nfc.substring(1);
        }
        String unixLines = nfc.replace("\r\n", "\n").replace('\r', '\n');
        List<String> out = new ArrayList<>();
        Fence fence = null;
        for (String line : unixLines.split("\n", -1)) {
            if (fence != null) {
                out.add(line);
                if (fence.closedBy(line)) {
                    fence = null;
                }
                continue;
            }
            Fence opening = Fence.openedBy(line);
            String normalized = opening != null ? stripTrailing(line) : normalizeProseLine(line);
            boolean blank = normalized.isEmpty();
            if (!(blank && !out.isEmpty() && out.getLast().isEmpty())) {
                out.add(normalized);
            }
            fence = opening;
        }
        return trimBlankLines(out);
    }

    private static String normalizeProseLine(String line) {
        int indentEnd = 0;
        while (indentEnd < line.length() && isHorizontalSpace(line.charAt(indentEnd))) {
            indentEnd++;
        }
        if (indentEnd == line.length()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(line.length()).append(line, 0, indentEnd);
        int i = indentEnd;
        while (i < line.length()) {
            char c = line.charAt(i);
            int spanEnd = c == '`' ? codeSpanEnd(line, i) : -1;
            if (spanEnd > 0) {
                sb.append(line, i, spanEnd); // an inline code span keeps its spacing: `a   b` is not `a b`
                i = spanEnd;
                continue;
            }
            if (!isHorizontalSpace(c)) {
                sb.append(c);
                i++;
                continue;
            }
            boolean hasTab = false;
            int j = i;
            while (j < line.length() && isHorizontalSpace(line.charAt(j))) {
                hasTab |= line.charAt(j) == '\t';
                j++;
            }
            if (j < line.length()) {
                sb.append(hasTab ? '\t' : ' ');
            }
            i = j;
        }
        return sb.toString();
    }

    /**
     * Where the inline code span opened by the backtick run at {@code start} ends (exclusive), or -1 when the run
     * is not closed on this line by a run of the same length (CommonMark: then the backticks are literal text).
     * A backtick run is always consumed whole, so {@code ``} never opens a span that a single {@code `} closes.
     */
    static int codeSpanEnd(String line, int start) {
        if (start > 0 && line.charAt(start - 1) == '`') {
            return -1;
        }
        int open = runLength(line, start);
        int i = start + open;
        while (i < line.length()) {
            if (line.charAt(i) != '`') {
                i++;
                continue;
            }
            int run = runLength(line, i);
            if (run == open) {
                return i + run;
            }
            i += run;
        }
        return -1;
    }

    private static int runLength(String line, int from) {
        int n = 0;
        while (from + n < line.length() && line.charAt(from + n) == '`') {
            n++;
        }
        return n;
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && isHorizontalSpace(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end);
    }

    private static String trimBlankLines(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return String.join("\n", lines.subList(from, to));
    }

    static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200A')
                || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }

    /** A CommonMark code fence: up to three spaces, then at least three backticks or tildes. */
    private record Fence(char marker, int length) {

        static Fence openedBy(String line) {
            int i = 0;
            while (i < line.length() && i < 3 && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= line.length() || (line.charAt(i) != '`' && line.charAt(i) != '~')) {
                return null;
            }
            char marker = line.charAt(i);
            int run = 0;
            while (i + run < line.length() && line.charAt(i + run) == marker) {
                run++;
            }
            if (run < 3 || (marker == '`' && line.indexOf('`', i + run) >= 0)) {
                return null;
            }
            return new Fence(marker, run);
        }

        boolean closedBy(String line) {
            String trimmed = line.strip();
            if (trimmed.length() < length || line.length() - line.stripLeading().length() > 3) {
                return false;
            }
            return trimmed.chars().allMatch(ch -> ch == marker);
        }
    }
}
