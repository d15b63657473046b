package dev.keel.cli.demo;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums samples of a Prometheus text exposition by metric name and label values (tests only). */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    private PrometheusText() {
    }

    /** The sum of every sample of {@code name} whose labels include all of {@code labels}; 0 when there is none. */
    static double sum(String exposition, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String labelText = m.group(3) == null ? "" : m.group(3);
            if (labels.entrySet().stream().allMatch(e -> labelText.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }

    static double sum(String exposition, String name) {
        return sum(exposition, name, Map.of());
    }

    static boolean has(String exposition, String name) {
        return exposition.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }
}
