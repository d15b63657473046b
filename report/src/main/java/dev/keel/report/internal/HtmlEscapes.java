package dev.keel.report.internal;

/** HTML text escaping, the one the report uses. Stateless. */
public final class HtmlEscapes {

    private HtmlEscapes() {
    }

    public static String escape(String text) {
        return SvgChart.esc(text);
    }
}
