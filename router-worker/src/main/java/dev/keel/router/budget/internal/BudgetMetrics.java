package dev.keel.router.budget.internal;

import dev.keel.router.budget.BudgetLimit;
import dev.keel.router.budget.Reservation;
import dev.keel.schemas.Degradation;
import io.micrometer.core.instrument.Counter;
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

    private final MeterRegistry registry;
    private final Set<String> namedTenants;

    public BudgetMetrics(MeterRegistry registry, Set<String> namedTenants) {
        this.registry = registry;
        this.namedTenants = Set.copyOf(namedTenants);
    }

    public void degraded(Degradation kind) {
        Counter.builder("keel.budget.degradations").tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .description("Degradation steps applied to make a request fit its budget").register(registry).increment();
    }

    public void rejected(BudgetLimit limit) {
        Counter.builder("keel.budget.rejections").tag("limit", limit.tag())
                .description("Requests rejected because no degraded shape fit a limit").register(registry).increment();
    }

    public void reservation(Reservation reservation) {
        Counter.builder("keel.budget.reservations").tag("outcome", reservation.granted() ? "granted" : "denied")
                .tag("store", reservation.store().name().toLowerCase(Locale.ROOT))
                .description("Tenant budget reservations").register(registry).increment();
    }

    public void fallback(String operation) {
        Counter.builder("keel.budget.ledger_fallbacks").tag("operation", operation)
                .description("Ledger operations served by the in-process ledger because Redis was unavailable")
                .register(registry).increment();
    }

    public void spend(String tenantId, BigDecimal usd) {
        if (usd.signum() <= 0) {
            return;
        }
        Counter.builder("keel.budget.spend").tag("tenant", namedTenants.contains(tenantId) ? tenantId : OTHER_TENANTS)
                .baseUnit("usd").description("Settled provider cost").register(registry).increment(usd.doubleValue());
    }
}
