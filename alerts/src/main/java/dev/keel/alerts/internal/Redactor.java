package dev.keel.alerts.internal;

import dev.keel.config.Secret;

import java.util.List;
import java.util.Objects;

/**
 * Scrubs a sink's secrets out of text that came back from the network or an exception (a response
 * body may echo a routing key; an I/O error may name the URL), and bounds its length. Immutable.
 */
public final class Redactor {

    private static final int MAX_REASON = 300;
    private final List<String> secrets;

    public Redactor(List<Secret> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).map(Secret::reveal).filter(s -> s.length() >= 4).toList();
    }

    public String clean(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, Secret.MASK);
        }
        out = out.replaceAll("\\s+", " ").strip();
        return out.length() > MAX_REASON ? out.substring(0, MAX_REASON) + "..." : out;
    }

    /** A one-line reason for an exception, without its message's secrets. */
    public String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + clean(message));
    }
}
