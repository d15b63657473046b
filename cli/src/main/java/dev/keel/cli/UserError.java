package dev.keel.cli;

/**
 * A problem the user can fix (bad input, unreachable broker). {@code keel} prints the message as
 * one line, without a stack trace, and exits with {@link #exitCode()}.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public UserError(String message) {
        this(message, ExitCodes.BAD_INPUT);
    }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
