package dev.keel.sim.internal;

import dev.keel.sim.Faults;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The one fault (or none) a request gets. Every knob draws once per request, in this fixed order, and
 * the first hit wins, so changing one rate never shifts the decisions of the others.
 */
enum Fault {
    NONE, RATE_LIMIT, OVERLOAD, ERROR_STATUS, RESET, WRONG_CONTENT_TYPE, MALFORMED, TTFT_STALL, ERROR_EVENT,
    MID_STREAM_STALL, TRUNCATE;

    static Fault decide(Faults f, SplittableRandom random) {
        double[] rates = {f.rateLimitRate(), f.overloadRate(), f.errorRate(), f.resetRate(), f.wrongContentTypeRate(),
                f.malformedRate(), f.ttftStallRate(), f.errorEventRate(), f.midStreamStallRate(), f.truncateRate()};
        Fault chosen = NONE;
        for (int i = 0; i < rates.length; i++) {
            double u = random.nextDouble();
            if (chosen == NONE && u < rates[i]) {
                chosen = values()[i + 1];
            }
        }
        return chosen;
    }

    /** The name in {@code SimStats.answers}. */
    String statName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
