package dev.keel.providers;

/**
 * Hears how one provider call progresses while {@link ProviderClient#call(ProviderCall, CallListener)} blocks
 * its caller. The router's hedging uses it to know, before the call returns, whether the provider is alive.
 * Implementations must be quick and must not throw: they run on the reading thread.
 */
@FunctionalInterface
public interface CallListener {

    /** Hears nothing. */
    CallListener NONE = () -> { };

    /**
     * The first content or reasoning token of a streamed answer arrived (the same event that moves the TTFT
     * deadline to the idle one). Called at most once per call; never for a non-streamed call.
     */
    void firstToken();
}
