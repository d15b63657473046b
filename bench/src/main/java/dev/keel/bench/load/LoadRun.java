package dev.keel.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one open-loop load: the i-th request is due at start + i/rate, is handed to the target at that time
 * whatever earlier answers did, and its latency counts from that due time (no coordinated omission). The
 * warm-up is sent at the same pace and not counted. After the last send the run waits for the answers, at
 * most the spec's timeout; a request without an answer by then is a failure.
 *
 * <p>One run per instance; {@link #run} blocks the calling thread, which becomes the pacer.
 */
public final class LoadRun {

    /** How long after the last request's timeout the run still waits for stragglers (the targets time out on their own clock). */
    private static final long GRACE_NANOS = 5_000_000_000L;

    private final LoadSpec spec;
    private final LoadTarget target;
    private final LoadClock clock;
    private final List<RunProbe> probes;

    public LoadRun(LoadSpec spec, LoadTarget target, LoadClock clock, List<RunProbe> probes) {
        this.spec = spec;
        this.target = target;
        this.clock = clock;
        this.probes = List.copyOf(probes);
    }

    /** Runs {@code spec} against {@code target} on the system clock, sampling {@code probes} about once a second. */
    public static LoadReport run(LoadSpec spec, LoadTarget target, RunProbe... probes) throws InterruptedException {
        return new LoadRun(spec, target, LoadClock.SYSTEM, List.of(probes)).run();
    }

    public LoadReport run() throws InterruptedException {
        String runId = "load-" + UUID.randomUUID().toString().substring(0, 8);
        PromptMix mix = new PromptMix(spec, runId);
        LoadRecorder recorder = new LoadRecorder(spec.providerLatency().isZero() ? Answer.UNKNOWN : spec.providerLatency().toNanos());
        long warm = spec.warmUpRequests();
        long total = warm + spec.measuredRequests();
        long start = clock.nanoTime();
        long measuredStart = start + spec.offsetNanos(warm);
        ScheduledExecutorService sampler = probes.isEmpty() ? null : Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("load-probes").unstarted(r));
        if (sampler != null) {
            long delay = Math.max(0, measuredStart - clock.nanoTime());
            sampler.scheduleAtFixedRate(() -> probes.forEach(p -> p.sample(clock.nanoTime() - measuredStart)),
                    delay, 1_000_000_000L, TimeUnit.NANOSECONDS);
        }
        try {
            for (long i = 0; i < total; i++) {
                long due = start + spec.offsetNanos(i);
                clock.awaitUntil(due);
                LoadRequest request = mix.next(i, due);
                boolean measured = i >= warm;
                recorder.sent(measured, clock.nanoTime() - due);
                CompletableFuture<Answer> answer;
                try {
                    answer = target.send(request);
                } catch (RuntimeException e) {
                    answer = CompletableFuture.failedFuture(e);
                }
                answer.orTimeout(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((a, error) -> recorder.answered(request, measured, clock.nanoTime(), a, error));
            }
            long deadline = start + spec.offsetNanos(total) + spec.timeout().toNanos() + GRACE_NANOS;
            while (recorder.outstanding() > 0 && clock.nanoTime() < deadline) {
                clock.awaitUntil(Math.min(deadline, clock.nanoTime() + 1_000_000));
            }
            return report(recorder, recorder.outstanding());
        } finally {
            if (sampler != null) {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            probes.forEach(RunProbe::close);
        }
    }

    private LoadReport report(LoadRecorder recorder, long unanswered) {
        Map<String, Long> failures = new TreeMap<>(recorder.failures());
        if (unanswered > 0) {
            failures.merge("no answer", unanswered, Long::sum);
        }
        double achieved = recorder.achievedRate(1_000_000_000L / spec.rate());
        List<String> probeLines = new ArrayList<>();
        probes.forEach(p -> probeLines.addAll(p.summary()));
        return new LoadReport(target.name(), spec, recorder.sent(), recorder.succeeded(), failures, recorder.cacheHits(), achieved,
                recorder.latency(), recorder.overhead(), recorder.sendSlip(), probeLines);
    }
}
