package dev.keel.cli.batch;

import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.cli.drill.TopicRange;
import dev.keel.config.KeelConfig;
import dev.keel.kafka.KafkaClients;
import dev.keel.kafka.KeelTopics;
import dev.keel.kafka.TopicFollower;
import dev.keel.schemas.BatchProgress;
import dev.keel.schemas.BatchProgressKind;
import dev.keel.schemas.Decoded;
import dev.keel.schemas.JsonCodec;
import dev.keel.schemas.KeelSerde;
import dev.keel.schemas.PromptRequest;
import dev.keel.schemas.PromptResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One run of a batch job: reads the job's progress, sends what is not sent yet (chunks of requests in
 * Kafka transactions with their SENT record), collects every result from the job's reply topic, and
 * writes the output in input order. Ends when every line is answered, the budget stops it, results stop
 * coming for {@code resultTimeout}, or it is interrupted ({@link #interrupt()}, from a shutdown hook).
 */
final class BatchJob {

    private static final int CHUNK = 50;
    private static final int SHOWN_BAD_LINES = 20;
    /** With results missing and none arriving this long, the job looks for them on the results topic itself. */
    private static final Duration STALL = Duration.ofSeconds(20);

    private final BatchSettings settings;
    private final KeelConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean interrupted;

    BatchJob(BatchSettings settings, KeelConfig config, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.config = config;
        this.out = out;
        this.err = err;
    }

    void interrupt() {
        interrupted = true;
    }

    int run() throws IOException, InterruptedException {
        long began = System.nanoTime();
        InputDigest input = InputDigest.of(settings.in());
        KafkaClients clients = new KafkaClients(config.kafka());
        KeelTopics topics = KeelTopics.from(config.topics());
        try (JobLog log = JobLog.open(clients, settings.job(), settings.topicPrefix(), config.topics().replicationFactor(), 3)) {
            List<BatchProgress> records = log.read();
            long jobStartedAt = checkIdentity(log, records, input);
            JobLedger ledger = new JobLedger(input.lines(), System.currentTimeMillis());
            records.stream().filter(r -> r.getKind() == BatchProgressKind.SENT)
                    .forEach(r -> r.getLines().forEach(line -> ledger.markSent(line, r.getMaxCostPerRequestUsd())));
            long resumedSent = ledger.totals().sent();
            if (resumedSent > 0) {
                err.printf(Locale.ROOT, "keel batch: resuming job %s: %,d of %,d lines were sent before; collecting their results%n",
                        settings.job(), resumedSent, input.lines());
            }
            ProgressView progress = new ProgressView(err, settings.progress(), settings.progressEvery().toMillis());
            try (OrderedOutput output = new OrderedOutput(settings.out());
                 TopicFollower replies = followReplies(clients, log.replies(), ledger, output)) {
                LineParser parser = new LineParser(settings.job(), settings.tenant(), settings.feature(), log.replies(), settings.capUsd());
                boolean budgetStopped = send(log, topics, parser, ledger, output, progress);
                Outcome outcome = collect(clients, topics, ledger, output, progress, jobStartedAt);
                progress.show(ledger.totals(), true);
                progress.finish();
                output.flush();
                return summary(ledger.totals(), budgetStopped, outcome, resumedSent, began);
            }
        }
    }

    private long checkIdentity(JobLog log, List<BatchProgress> records, InputDigest input) {
        for (BatchProgress r : records) {
            if (r.getKind() == BatchProgressKind.JOB) {
                if (!input.sha256().equals(r.getInputSha256())) {
                    throw new UserError("--in: job " + settings.job() + " was started with another input (sha256 "
                            + r.getInputSha256().substring(0, 12) + "…, this file " + input.sha256().substring(0, 12)
                            + "…): resume with the same file, or start a new --job");
                }
                return r.getAt();
            }
        }
        long now = System.currentTimeMillis();
        log.writeJob(input.sha256(), now);
        return now;
    }

    private TopicFollower followReplies(KafkaClients clients, String topic, JobLedger ledger, OrderedOutput output) {
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        return TopicFollower.fromBeginning(TopicRange.committedConsumer(clients, "keel-batch-" + settings.job()), topic, record -> {
            if (record.value() != null && serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                accept(ok.value(), ledger, output);
            }
        });
    }

    private void accept(PromptResult result, JobLedger ledger, OrderedOutput output) {
        long line = LineParser.lineOf(settings.job(), result.getRequestId());
        if (ledger.answer(line, result)) {
            output.put(line, JsonCodec.toJson(result));
        }
    }

    /** Sends every line not sent yet; returns true when the job budget stopped it. */
    private boolean send(JobLog log, KeelTopics topics, LineParser parser, JobLedger ledger, OrderedOutput output, ProgressView progress)
            throws IOException, InterruptedException {
        double cap = settings.capUsd().doubleValue();
        List<PromptRequest> chunk = new ArrayList<>();
        List<Long> chunkLines = new ArrayList<>();
        boolean budgetStopped = false;
        long badLines = 0;
        try (BufferedReader reader = Files.newBufferedReader(settings.in(), StandardCharsets.UTF_8)) {
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null && !interrupted) {
                line++;
                if (ledger.isSent(line)) {
                    continue;
                }
                long now = System.currentTimeMillis();
                LineParser.Parsed parsed = parser.parse(line, text, now);
                if (parsed instanceof LineParser.Invalid bad) {
                    ledger.invalid();
                    output.put(line, Outputs.unsent(settings.job(), line, bad.tenant(), bad.feature(), Outputs.INVALID_LINE,
                            "line " + line + ": " + bad.reason(), now));
                    if (++badLines <= SHOWN_BAD_LINES) {
                        err.println("keel batch: line " + line + ": " + bad.reason() + " (skipped; its output line says so)");
                    }
                    continue;
                }
                while (!budgetStopped && !interrupted
                        && (ledger.inFlight() + chunk.size() >= settings.maxInFlight() || !ledger.fits(settings.maxCostUsd(), cap, chunk.size()))) {
                    if (!chunk.isEmpty()) {
                        flush(log, topics, chunk, chunkLines, ledger, cap);
                    } else if (ledger.inFlight() == 0) {
                        budgetStopped = true;
                        progress.finish();
                        err.printf(Locale.ROOT, "keel batch: budget: stopped sending at line %,d: $%.6f spent + $%.6f for the next line would pass --max-cost-usd $%.6f%n",
                                line, ledger.totals().spentUsd(), cap, settings.maxCostUsd());
                    } else {
                        ledger.awaitChange(200);
                        progress.show(ledger.totals(), false);
                    }
                }
                if (interrupted) {
                    break;
                }
                if (budgetStopped) {
                    ledger.budgetSkipped();
                    output.put(line, Outputs.unsent(settings.job(), line, ((LineParser.Valid) parsed).request().getTenantId(),
                            ((LineParser.Valid) parsed).request().getFeature(), Outputs.JOB_BUDGET,
                            String.format(Locale.ROOT, "not sent: the job budget --max-cost-usd $%.6f would be passed", settings.maxCostUsd()), now));
                    continue;
                }
                chunk.add(((LineParser.Valid) parsed).request());
                chunkLines.add(line);
                if (chunk.size() >= CHUNK) {
                    flush(log, topics, chunk, chunkLines, ledger, cap);
                }
                progress.show(ledger.totals(), false);
            }
        }
        if (!interrupted && !chunk.isEmpty()) {
            flush(log, topics, chunk, chunkLines, ledger, cap);
        }
        if (badLines > SHOWN_BAD_LINES) {
            err.printf(Locale.ROOT, "keel batch: %,d more bad lines not shown (their output lines say why)%n", badLines - SHOWN_BAD_LINES);
        }
        return budgetStopped;
    }

    private static void flush(JobLog log, KeelTopics topics, List<PromptRequest> chunk, List<Long> lines, JobLedger ledger, double cap) {
        log.sendChunk(topics.requestsBatch(), chunk, lines, cap, System.currentTimeMillis());
        lines.forEach(line -> ledger.markSent(line, cap));
        chunk.clear();
        lines.clear();
    }

    enum Outcome { COMPLETE, TIMED_OUT, INTERRUPTED }

    /** Waits for every sent line's result; after a stall, looks for the missing ones on the results topic. */
    private Outcome collect(KafkaClients clients, KeelTopics topics, JobLedger ledger, OrderedOutput output, ProgressView progress,
                            long jobStartedAt) throws InterruptedException {
        long lastChange = System.nanoTime();
        boolean scanned = false;
        while (ledger.inFlight() > 0) {
            if (interrupted) {
                return Outcome.INTERRUPTED;
            }
            if (ledger.awaitChange(200)) {
                lastChange = System.nanoTime();
                scanned = false;
            }
            progress.show(ledger.totals(), false);
            long quiet = (System.nanoTime() - lastChange) / 1_000_000;
            if (quiet > STALL.toMillis() && !scanned) {
                scanned = true;
                scanResults(clients, topics, ledger, output, jobStartedAt);
            }
            if (quiet > settings.resultTimeout().toMillis()) {
                return Outcome.TIMED_OUT;
            }
        }
        return interrupted ? Outcome.INTERRUPTED : Outcome.COMPLETE;
    }

    /** A reply copy is best effort: results missing from the reply topic are looked for on llm.results. */
    private void scanResults(KafkaClients clients, KeelTopics topics, JobLedger ledger, OrderedOutput output, long jobStartedAt) {
        Set<String> missing = new HashSet<>();
        ledger.unanswered().forEach(line -> missing.add(LineParser.requestId(settings.job(), line)));
        KeelSerde<PromptResult> serde = KeelSerde.of(PromptResult.class);
        TopicRange.read(clients, topics.results().name(), jobStartedAt - 60_000, Duration.ofMinutes(5), record -> {
            if (record.key() != null && missing.contains(new String(record.key(), StandardCharsets.UTF_8))
                    && serde.decode(record.value()) instanceof Decoded.Ok<PromptResult> ok) {
                accept(ok.value(), ledger, output);
            }
        });
    }

    private int summary(JobLedger.Totals t, boolean budgetStopped, Outcome outcome, long resumedSent, long began) {
        long seconds = (System.nanoTime() - began) / 1_000_000_000L;
        String state = switch (outcome) {
            case COMPLETE -> budgetStopped ? "stopped by its budget" : "finished";
            case TIMED_OUT -> "gave up waiting";
            case INTERRUPTED -> "interrupted";
        };
        out.printf(Locale.ROOT, "keel batch: job %s %s in %s: %,d lines: %,d succeeded, %,d failed, %,d rejected, %,d invalid, %,d not sent (budget)%n",
                settings.job(), state, ProgressView.clock(seconds), t.lines(), t.succeeded(), t.failed(), t.rejected(), t.invalid(),
                t.budgetSkipped());
        out.printf(Locale.ROOT, "  cost $%.6f%s, cache hits %,d%s%n", t.spentUsd(),
                settings.maxCostUsd() == null ? "" : String.format(Locale.ROOT, " of --max-cost-usd $%.6f", settings.maxCostUsd()),
                t.cacheHits(), resumedSent > 0 ? String.format(Locale.ROOT, ", resumed with %,d lines already sent", resumedSent) : "");
        out.println("  output: " + settings.out() + (outcome == Outcome.COMPLETE ? "" : " (incomplete: rerun the same command to resume)"));
        if (outcome == Outcome.TIMED_OUT) {
            out.printf(Locale.ROOT, "  %,d sent lines had no result after %s (are workers running?)%n", t.inFlight(), settings.resultTimeout());
        }
        out.flush();
        return switch (outcome) {
            case COMPLETE -> budgetStopped ? ExitCodes.FAILED : ExitCodes.OK;
            case TIMED_OUT -> ExitCodes.FAILED;
            case INTERRUPTED -> BatchCommand.INTERRUPTED;
        };
    }
}
