package dev.keel.cli;

/** What {@code keel} exits with. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The command ran and failed (a broker that does not answer, a request that failed). */
    public static final int FAILED = 1;
    /** The command line, a config file or an input file is wrong; nothing was done (or what was done is stated). */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
