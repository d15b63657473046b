package dev.keel.bench.load;

import dev.keel.schemas.Lane;

import java.util.SplittableRandom;

/**
 * Turns a schedule position into a request: a unique prompt, or with probability {@code repeatShare} one of
 * {@code hotPrompts} prompts that recur (so a cache can answer them); the batch lane with probability
 * {@code batchShare}. Deterministic for a seed: the i-th request is the same in every run.
 *
 * <p>Not thread-safe: one pacer thread draws the requests in order.
 */
public final class PromptMix {

    private static final String[] TOPICS = {"the quarterly report", "a support ticket", "the release notes", "an invoice",
        "a product review", "the meeting minutes", "a contract clause", "the incident timeline"};

    private final LoadSpec spec;
    private final String runId;
    private final SplittableRandom random;

    public PromptMix(LoadSpec spec, String runId) {
        this.spec = spec;
        this.runId = runId;
        this.random = new SplittableRandom(spec.seed());
    }

    /** The request at {@code index} of the schedule, due at {@code scheduledNanos}. Call with increasing indexes. */
    public LoadRequest next(long index, long scheduledNanos) {
        boolean repeat = random.nextDouble() < spec.repeatShare();
        Lane lane = random.nextDouble() < spec.batchShare() ? Lane.BATCH : Lane.INTERACTIVE;
        long document = repeat ? random.nextInt(spec.hotPrompts()) : spec.hotPrompts() + index;
        String prompt = (repeat ? "Summarize " : "Summarize (" + runId + ") ") + TOPICS[(int) (document % TOPICS.length)]
                + " number " + document + " in one sentence.";
        int tenant = (int) (document % 10);
        return new LoadRequest(index, runId + "-" + index, "tenant-" + tenant, "feature-" + (document % 4), prompt, lane,
                spec.stream(), spec.maxOutputTokens(), scheduledNanos);
    }
}
