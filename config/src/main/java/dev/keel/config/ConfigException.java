package dev.keel.config;

/**
 * A configuration that cannot be used. The message is one line that names the source, the line
 * and the key ({@code keel.yaml:12: routing.ttft-timeout: bad duration '2 sec' ...}) and never
 * contains a secret value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String message, String key) {
        super(message, null, false, false);
        this.key = key;
    }

    /** The dotted key the problem is about, or an empty string for whole-file problems. */
    public String key() {
        return key;
    }
}
