package dev.keel.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Expands {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${file:PATH}} in a YAML scalar;
 * {@code $${} is a literal {@code ${}. {@code ${VAR}} with VAR unset is an error (a typo must not
 * become an empty API key); {@code :-default} applies when VAR is unset or empty. File contents
 * lose one trailing newline. Problems are reported without the value.
 */
public final class Interpolator {

    private final Map<String, String> env;
    private final Path baseDir;

    public Interpolator(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    /** Thrown with a message fit to follow {@code file:line: key: }. */
    public static final class InterpolationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InterpolationException(String message) {
            super(message, null, false, false);
        }
    }

    public boolean needsExpansion(String text) {
        return text.contains("${");
    }

    public String expand(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new InterpolationException("unclosed '${' (write $${ for a literal)");
                }
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String expression) {
        if (expression.startsWith("file:")) {
            return readFile(expression.substring(5).strip());
        }
        int sep = expression.indexOf(":-");
        String name = (sep < 0 ? expression : expression.substring(0, sep)).strip();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new InterpolationException("'${" + expression + "}' is not a valid variable reference");
        }
        String value = env.get(name);
        if (sep >= 0) {
            return value == null || value.isEmpty() ? expression.substring(sep + 2) : value;
        }
        if (value == null) {
            throw new InterpolationException("environment variable " + name + " is not set (use ${" + name + ":-default} for a default)");
        }
        return value;
    }

    private String readFile(String file) {
        if (file.isEmpty()) {
            throw new InterpolationException("'${file:}' needs a path");
        }
        Path path = baseDir.resolve(file);
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            if (content.endsWith("\r\n")) {
                return content.substring(0, content.length() - 2);
            }
            return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new InterpolationException("cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
