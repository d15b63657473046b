package dev.keel.bench.load;

/**
 * What a target learned about one request's answer.
 *
 * @param ok            the caller got a usable answer
 * @param providerNanos time spent in provider calls as the answer reports it; {@link #UNKNOWN} when it does not
 * @param cacheHit      the answer came from Keel's cache
 * @param error         a short reason when not ok (status, error code), never a prompt or a key
 */
public record Answer(boolean ok, long providerNanos, boolean cacheHit, String error) {

    public static final long UNKNOWN = -1;

    public static Answer success(long providerNanos, boolean cacheHit) {
        return new Answer(true, providerNanos, cacheHit, null);
    }

    public static Answer failure(String error) {
        return new Answer(false, UNKNOWN, false, error);
    }
}
