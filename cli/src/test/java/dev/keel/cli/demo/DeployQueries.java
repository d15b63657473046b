package dev.keel.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every PromQL expression of deploy/: the dashboard's panel targets, the recording rules, and the
 * alerting rules with each comparison made a {@code bool} one (an alert's expression returns series
 * only while it fires; its {@code bool} form returns them whenever its inputs exist, which is what a
 * scrape of a healthy stack can prove). Keyed by where the expression comes from.
 */
final class DeployQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployQueries() {
    }

    static Map<String, String> all(Path root) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode dashboard = JSON.readTree(root.resolve("deploy/grafana/dashboards/keel.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("dashboard '" + panel.get("title").asText() + "' " + target.get("refId").asText(), target.get("expr").asText());
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("deploy/prometheus/rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                for (JsonNode group : YAML.readTree(file.toFile()).get("groups")) {
                    for (JsonNode rule : group.get("rules")) {
                        String expr = rule.get("expr").asText();
                        if (rule.has("record")) {
                            queries.put("record " + rule.get("record").asText(), expr);
                        } else {
                            queries.put("alert " + rule.get("alert").asText(), withBoolComparisons(expr));
                        }
                    }
                }
            }
        }
        return queries;
    }

    /** Adds {@code bool} after every comparison operator outside label matchers, ranges and strings. */
    static String withBoolComparisons(String expr) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == '{' || c == '[')) {
                depth++;
            } else if (!quoted && (c == '}' || c == ']')) {
                depth--;
            }
            if (!quoted && depth == 0 && (c == '>' || c == '<' || c == '=' || c == '!')) {
                String op = i + 1 < expr.length() && expr.charAt(i + 1) == '=' ? expr.substring(i, i + 2) : String.valueOf(c);
                if (op.equals(">") || op.equals("<") || op.length() == 2) {
                    out.append(op).append(" bool");
                    i += op.length() - 1;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
