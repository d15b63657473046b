package dev.keel.cli.batch;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One run's settings, from the command line.
 *
 * @param maxCostUsd    the job budget over every run of the job (null: none)
 * @param capUsd        the {@code max_cost_usd} every request carries: the worker's guard keeps each request's
 *                      worst case within it, so the job's worst case in flight is known without prices
 * @param topicPrefix   the job's topics are {@code <prefix><job>.progress} and {@code <prefix><job>.replies}
 */
record BatchSettings(String job, Path in, Path out, Double maxCostUsd, BigDecimal capUsd, int maxInFlight, String tenant,
                     String feature, ProgressView.Mode progress, Duration progressEvery, Duration resultTimeout, String topicPrefix) {
}
