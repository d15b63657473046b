package dev.keel.router.budget.internal;

import dev.keel.config.BudgetPeriod;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * UTC calendar periods of tenant budgets. A period is named by an id that sorts and reads well in Redis
 * keys ({@code d2025-01-31}, {@code m2025-01}); a new id at 00:00:00.000 UTC is a new, empty budget.
 */
public final class BudgetPeriods {

    private BudgetPeriods() {
    }

    public static String periodId(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (period) {
            case DAY -> "d" + day;
            case MONTH -> "m" + YearMonth.from(day);
        };
    }

    /** The first instant of the next period. */
    public static Instant periodEnd(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate next = switch (period) {
            case DAY -> day.plusDays(1);
            case MONTH -> YearMonth.from(day).plusMonths(1).atDay(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The end of the period a {@link #periodId} names. */
    public static Instant periodEnd(String periodId) {
        if (periodId.startsWith("d")) {
            return LocalDate.parse(periodId.substring(1)).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return YearMonth.parse(periodId.substring(1)).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** "this day" / "this month", for messages. */
    public static String label(BudgetPeriod period) {
        return "this " + period.id();
    }
}
