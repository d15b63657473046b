package dev.keel.cli.batch;

import dev.keel.cli.ConfigOptions;
import dev.keel.cli.DurationConverter;
import dev.keel.cli.ExitCodes;
import dev.keel.cli.UserError;
import dev.keel.config.KeelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code keel batch}: a file of PromptRequests through the batch lane, resumable, in order, within a budget. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Send a JSONL file of PromptRequests on the batch lane and write one PromptResult line per input line, in input order.",
                "Resumable: rerun the same command after Ctrl-C or kill -9; no line is sent twice (request ids are derived from --job and",
                "the line number; the job's progress is kept on Kafka). Bad lines are reported and answered with error.code INVALID_LINE.",
                "Exit: 0 every line answered, 1 stopped by the budget or results missing, 2 bad input, 130 interrupted."})
public final class BatchCommand implements Callable<Integer> {

    static final int INTERRUPTED = 130;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "JSONL input, one PromptRequest per line")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL output, one PromptResult per input line (rewritten on each run)")
    Path out;

    @Option(names = "--job", required = true, paramLabel = "NAME", description = "the job's name: the same name resumes it")
    String job;

    @Option(names = "--max-cost-usd", paramLabel = "USD",
            description = "job budget: stop sending when spent + the worst case in flight would pass it")
    Double maxCostUsd;

    @Option(names = "--max-cost-per-request-usd", paramLabel = "USD",
            description = "max_cost_usd of each request, its worst case (default: budget.max-cost-per-request-usd of the config)")
    BigDecimal capUsd;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "64", description = "requests sent and not answered at most (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "tenant_id of lines that have none")
    String tenant;

    @Option(names = "--feature", paramLabel = "FEATURE", description = "feature of lines that have none")
    String feature;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar on a terminal, else lines), bar, lines or none (default: ${DEFAULT-VALUE})")
    String progress;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "how often a progress line is printed when not on a terminal (default: ${DEFAULT-VALUE})")
    Duration progressEvery;

    @Option(names = "--result-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "give up when no result arrives for this long while some are missing (default: ${DEFAULT-VALUE})")
    Duration resultTimeout;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "keel.batch.",
            description = "the job's topics are <prefix><job>.progress and <prefix><job>.replies (default: ${DEFAULT-VALUE})")
    String topicPrefix;

    @Override
    public Integer call() throws Exception {
        BatchSettings settings = settings();
        KeelConfig config = options.loadForRunningStack("batch");
        BatchSettings effective = settings.capUsd() != null ? settings : new BatchSettings(settings.job(), settings.in(), settings.out(),
                settings.maxCostUsd(), config.budget().maxCostPerRequestUsd(), settings.maxInFlight(), settings.tenant(), settings.feature(),
                settings.progress(), settings.progressEvery(), settings.resultTimeout(), settings.topicPrefix());
        BatchJob run = new BatchJob(effective, config, spec.commandLine().getOut(), spec.commandLine().getErr());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.interrupt();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "keel-batch-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and returns now
            }
        }
    }

    private BatchSettings settings() {
        if (!job.matches("[A-Za-z0-9._-]{1,180}")) {
            throw new UserError("--job: letters, digits, '.', '_' and '-' only, up to 180 (it names the job's topics)");
        }
        if (!Files.isRegularFile(in)) {
            throw new UserError("--in: no such file: " + in);
        }
        if (Files.exists(out) && Files.isDirectory(out)) {
            throw new UserError("--out: is a directory: " + out);
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new UserError("--out: must not be the input file");
        }
        if (maxCostUsd != null && !(maxCostUsd > 0)) {
            throw new UserError("--max-cost-usd: must be positive");
        }
        if (capUsd != null && capUsd.signum() <= 0) {
            throw new UserError("--max-cost-per-request-usd: must be positive");
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new UserError("--max-in-flight: must be between 1 and 100000");
        }
        if (!topicPrefix.matches("[A-Za-z0-9._-]{0,60}")) {
            throw new UserError("--topic-prefix: letters, digits, '.', '_' and '-' only");
        }
        return new BatchSettings(job, in, out, maxCostUsd, capUsd, maxInFlight, tenant, feature, mode(progress), progressEvery,
                resultTimeout, topicPrefix);
    }

    private static ProgressView.Mode mode(String value) {
        return switch (value) {
            case "auto" -> onTerminal() ? ProgressView.Mode.BAR : ProgressView.Mode.LINES;
            case "bar" -> ProgressView.Mode.BAR;
            case "lines" -> ProgressView.Mode.LINES;
            case "none" -> ProgressView.Mode.NONE;
            default -> throw new UserError("--progress: expected auto, bar, lines or none, got '" + value + "'");
        };
    }

    /** A console that is a terminal (JDK 22+ returns a console for redirected streams too; isTerminal tells them apart). */
    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static {
        // ExitCodes documents 0, 1 and 2; batch adds 130 for an interrupted run (the shell's convention for SIGINT).
        assert ExitCodes.OK == 0;
    }
}
