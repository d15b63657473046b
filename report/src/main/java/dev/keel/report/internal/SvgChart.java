package dev.keel.report.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * One time-series chart as inline SVG: a line (gaps where a bucket has no data), the objective as a
 * dashed line with its label, incidents shaded, time on x and four value ticks on y. Hand-written
 * rather than drawn with a charting library: every chart of the report has this one shape, the output
 * is small, deterministic and needs no fonts or AWT (see report/README.md). Build, then {@link #render()}.
 */
public final class SvgChart {

    private static final int W = 920;
    private static final int H = 240;
    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final int TOP = 18;
    private static final int BOTTOM = 34;

    public record Sample(long time, Double value) {
    }

    public record Span(long from, long to, String label) {
    }

    private final String id;
    private final String title;
    private final long from;
    private final long to;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();
    private Double objective;
    private String objectiveLabel;
    private Double min;
    private Double max;
    private DoubleFunction<String> tickFormat = v -> String.format(Locale.ROOT, "%.2f", v);
    private String color = "#1f6feb";
    private boolean ideal;

    public SvgChart(String id, String title, long from, long to) {
        this.id = id;
        this.title = title;
        this.from = from;
        this.to = to;
    }

    public SvgChart samples(List<Sample> values) {
        samples.addAll(values);
        return this;
    }

    public SvgChart objective(double value, String label) {
        objective = value;
        objectiveLabel = label;
        return this;
    }

    public SvgChart incidents(List<Span> shaded) {
        spans.addAll(shaded);
        return this;
    }

    public SvgChart range(Double low, Double high) {
        min = low;
        max = high;
        return this;
    }

    public SvgChart ticks(DoubleFunction<String> format) {
        tickFormat = format;
        return this;
    }

    public SvgChart color(String stroke) {
        color = stroke;
        return this;
    }

    /** Draws the straight line from 100% at the start to 0% at the end: the pace that spends the budget exactly. */
    public SvgChart idealBurn() {
        ideal = true;
        return this;
    }

    public String render() {
        double lo = min != null ? min : Math.min(objective == null ? Double.MAX_VALUE : objective, dataMin());
        double hi = max != null ? max : Math.max(objective == null ? -Double.MAX_VALUE : objective, dataMax()) * 1.12;
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double step = niceStep((hi - lo) / 4);
        lo = min != null ? lo : Math.floor(lo / step) * step;
        hi = max != null ? hi : Math.ceil(hi / step) * step;
        if (min != null && max != null) {
            step = (hi - lo) / 4;
        } else if (min != null) {
            hi = lo + Math.ceil((hi - lo) / step) * step;
        }
        int ticks = (int) Math.max(1, Math.min(8, Math.round((hi - lo) / step)));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"%s\" font-family=\"Inter, Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\">", id, W, H, esc(title)));
        svg.append("<title>").append(esc(title)).append("</title>");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fbfcfe\" stroke=\"#e3e8ef\"/>",
                LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
        for (Span s : spans) {
            double x1 = x(Math.max(from, s.from()));
            double x2 = x(Math.min(to, s.to()));
            svg.append(String.format(Locale.ROOT, "<rect class=\"incident\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f85149\" "
                    + "fill-opacity=\"0.14\"><title>%s</title></rect>", x1, TOP, Math.max(1.5, x2 - x1), H - TOP - BOTTOM, esc(s.label())));
        }
        for (int i = 0; i <= ticks; i++) {
            double v = lo + (hi - lo) * i / ticks;
            double y = y(v, lo, hi);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e8ef\"/>", LEFT, W - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#57606a\">%s</text>", LEFT - 8, y + 4,
                    esc(tickFormat.apply(v))));
        }
        timeTicks(svg);
        if (ideal) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8c959f\" stroke-dasharray=\"2 4\"/>",
                    x(from), y(1, lo, hi), x(to), y(0, lo, hi)));
        }
        svg.append("<path class=\"series\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" stroke-linejoin=\"round\" d=\"");
        boolean pen = false;
        for (Sample s : samples) {
            if (s.value() == null) {
                pen = false;
                continue;
            }
            double clamped = Math.max(lo, Math.min(hi, s.value()));
            svg.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x(s.time()), y(clamped, lo, hi)));
            pen = true;
        }
        svg.append("\"/>");
        if (objective != null) {
            double y = y(objective, lo, hi);
            svg.append(String.format(Locale.ROOT, "<line class=\"objective\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#cf222e\" "
                    + "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>", LEFT, W - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#cf222e\" font-weight=\"600\">%s</text>",
                    W - RIGHT - 6, y - 6, esc(objectiveLabel)));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private void timeTicks(StringBuilder svg) {
        long span = to - from;
        DateTimeFormatter f = DateTimeFormatter.ofPattern(span <= 2 * 86_400_000L ? "HH:mm" : "d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
        int n = 6;
        for (int i = 0; i <= n; i++) {
            long t = from + span * i / n;
            double x = x(t);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#57606a\">%s</text>", x, H - BOTTOM + 18,
                    i == 0 ? "start" : i == n ? "end" : "middle", f.format(Instant.ofEpochMilli(t))));
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
    }

    private double dataMin() {
        return samples.stream().filter(s -> s.value() != null).mapToDouble(Sample::value).min().orElse(0);
    }

    private double dataMax() {
        return samples.stream().filter(s -> s.value() != null).mapToDouble(Sample::value).max().orElse(1);
    }

    private double x(long t) {
        return LEFT + (double) (t - from) / (to - from) * (W - LEFT - RIGHT);
    }

    private static double y(double v, double lo, double hi) {
        return TOP + (1 - (v - lo) / (hi - lo)) * (H - TOP - BOTTOM);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
