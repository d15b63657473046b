package dev.keel.router.budget.internal;

import dev.keel.router.budget.BudgetLimit;
import dev.keel.router.budget.Reservation;
import dev.keel.schemas.Degradation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * The budget meters, all with bounded tags:
 * <ul>
 *   <li>{@code keel.budget.degradations{kind}}: degradation steps applied (kind: a {@link Degradation});</li>
 *   <li>{@code keel.budget.rejections{limit}}: requests rejected, by {@link BudgetLimit#tag()};</li>
 *   <li>{@code keel.budget.reservations{outcome,store}}: ledger decisions;</li>
 *   <li>{@code keel.budget.ledger_fallbacks}: reserves and settles that fell back to the in-process ledger;</li>
 *   <li>{@code keel.budget.spend{tenant}}: settled cost in USD. The tenant tag is the tenant id only for
 *       tenants listed under {@code budget.tenants} (a set bounded by the configuration) and {@code other}
 *       for everyone else, so request traffic cannot grow the number of series.</li>
 * </ul>
 * Thread-safe.
 */
public final class BudgetMetrics {

    public static final String OTHER_TENANTS = "other";

    private final Set<String> namedTenants;
    private final Meter.MeterProvider<Counter> degradations;
    private final Meter.MeterProvider<Counter> rejections;
    private final Meter.MeterProvider<Counter> reservations;
    private final Meter.MeterProvider<Counter> fallbacks;
    private final Meter.MeterProvider<Counter> spend;

    public BudgetMetrics(MeterRegistry registry, Set<String> namedTenants) {
        this.namedTenants = Set.copyOf(namedTenants);
        this.degradations = Counter.builder("keel.budget.degradations")
                .description("Degradation steps applied to make a request fit its budget").withRegistry(registry);
        this.rejections = Counter.builder("keel.budget.rejections")
                .description("Requests rejected because no degraded shape fit a limit").withRegistry(registry);
        this.reservations = Counter.builder("keel.budget.reservations")
                .description("Tenant budget reservations").withRegistry(registry);
        this.fallbacks = Counter.builder("keel.budget.ledger_fallbacks")
                .description("Ledger operations served by the in-process ledger because Redis was unavailable")
                .withRegistry(registry);
        this.spend = Counter.builder("keel.budget.spend").baseUnit("usd").description("Settled provider cost").withRegistry(registry);
    }

    public void degraded(Degradation kind) {
        degradations.withTags("kind", kind.name().toLowerCase(Locale.ROOT)).increment();
    }

    public void rejected(BudgetLimit limit) {
        rejections.withTags("limit", limit.tag()).increment();
    }

    public void reservation(Reservation reservation) {
        reservations.withTags("outcome", reservation.granted() ? "granted" : "denied",
                "store", reservation.store().name().toLowerCase(Locale.ROOT)).increment();
    }

    public void fallback(String operation) {
        fallbacks.withTags("operation", operation).increment();
    }

    public void spend(String tenantId, BigDecimal usd) {
        if (usd.signum() <= 0) {
            return;
        }
        spend.withTags("tenant", namedTenants.contains(tenantId) ? tenantId : OTHER_TENANTS).increment(usd.doubleValue());
    }
}
