package dev.keel.cli;

import dev.keel.schemas.ProviderState;
import dev.keel.schemas.WorkerStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkersTableTest {

    private static final long NOW = 1_800_000_000_000L;

    private static WorkerStatus worker(String id, long ageMs, boolean stopped, boolean bypass, String primary, boolean secondaryDisabled) {
        return WorkerStatus.newBuilder().setWorkerId(id).setReportedAt(NOW - ageMs).setStartedAt(NOW - 600_000).setStopped(stopped)
                .setBypass(bypass).setInFlight(stopped ? 0 : 17)
                .setProviders(List.of(new ProviderState("primary", primary, false), new ProviderState("secondary", "CLOSED", secondaryDisabled)))
                .setControlLagMs(12L).build();
    }

    @Test
    void shouldShowEachWorkersStateAndProviders() {
        String table = WorkersTable.render(List.of(
                worker("w-live", 1_500, false, true, "OPEN", true),
                worker("w-quiet", 95_000, false, false, "CLOSED", false),
                worker("w-done", 30_000, true, false, "HALF_OPEN", false),
                worker("w-ancient", 7_200_000, false, false, "CLOSED", false)), NOW);

        assertThat(table).contains("PRIMARY", "SECONDARY", "CONTROL LAG");
        assertThat(table.lines().filter(l -> l.startsWith("w-live")).findFirst().orElseThrow())
                .contains("1s ago", "live", "ON", "17", "OPEN", "CLOSED,disabled", "12 ms");
        assertThat(table.lines().filter(l -> l.startsWith("w-quiet")).findFirst().orElseThrow()).contains("1m ago", "silent", "off");
        assertThat(table.lines().filter(l -> l.startsWith("w-done")).findFirst().orElseThrow()).contains("stopped", "HALF_OPEN");
        assertThat(table).doesNotContain("w-ancient");
    }

    @Test
    void shouldShowHealthAndWhetherTheControlStateIsBehind() {
        WorkerStatus failed = WorkerStatus.newBuilder(worker("w-failed", 1_000, false, false, "CLOSED", false))
                .setHealth("FAILED").setHealthDetail("cannot publish results: TopicAuthorizationException")
                .setControlBehind(0L).setControlCheckedAt(NOW - 1_500).build();
        WorkerStatus behind = WorkerStatus.newBuilder(worker("w-behind", 1_000, false, false, "CLOSED", false))
                .setHealth("OK").setControlBehind(3L).setControlCheckedAt(NOW - 1_200).setControlSkipped(1L).build();
        WorkerStatus cutOff = WorkerStatus.newBuilder(worker("w-cut-off", 1_000, false, false, "CLOSED", false))
                .setHealth("DEGRADED").setHealthDetail("publishing results failed: TimeoutException")
                .setControlBehind(0L).setControlCheckedAt(NOW - 41_000).build();

        String table = WorkersTable.render(List.of(failed, behind, cutOff), NOW);

        assertThat(table).contains("HEALTH", "CONTROL STATE", "    cannot publish results: TopicAuthorizationException");
        assertThat(line(table, "w-failed")).contains("FAILED", "in sync");
        assertThat(line(table, "w-behind")).contains("OK", "behind 3 (1 skipped)");
        assertThat(line(table, "w-cut-off")).contains("DEGRADED", "unchecked 40s");
    }

    private static String line(String table, String worker) {
        return table.lines().filter(l -> l.startsWith(worker)).findFirst().orElseThrow();
    }

    @Test
    void shouldSayWhenNoWorkerReported() {
        assertThat(WorkersTable.render(List.of(), NOW)).contains("no worker reported in the last hour");
    }
}
