package dev.keel.slo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.config.SloConfig;
import dev.keel.config.SloDimension;
import dev.keel.config.SloScopes;
import dev.keel.schemas.AlertState;
import dev.keel.schemas.Lane;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.SliSnapshot;
import dev.keel.slo.internal.SloDeserializationHandler;
import dev.keel.slo.internal.SloEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static dev.keel.slo.Results.spread;
import static dev.keel.slo.ThresholdAlertTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

/** Late and undecodable records, silence while requests flow, scope caps and the batch lane. */
class IntakeTest {

    @TempDir
    Path state;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(SloEngine.class)).addAppender(logs);
        ((Logger) LoggerFactory.getLogger(SloDeserializationHandler.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(SloEngine.class)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger(SloDeserializationHandler.class)).detachAppender(logs);
    }

    @Test
    void shouldCountAndLogALateResultAndLeaveItsClosedWindowAlone() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given minute 0 closed by a result at 01:10
            slo.result(at(minute(0.5)).build());
            slo.result(at(minute(1) + 10_000).build());

            // When a result for minute 0 arrives afterwards
            slo.result(at(minute(0.9)).build());
            slo.result(at(minute(2) + 10_000).build());

            // Then it is counted and logged, and minute 0 keeps its one result
            assertThat(slo.metrics.lateResults()).isEqualTo(1);
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .startsWith("late result dropped request_id=").contains("window_start=" + minute(0)));
            assertThat(SliSnapshotTest.byScope(slo.slis(), minute(0), Lane.INTERACTIVE).get("global").getCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldJumpOverQuietYearsWhenATimestampIsFarAhead() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given one result, then one stamped 20 years later (a bad clock), then one more after it
            slo.result(at(minute(0.5)).build());
            long far = minute(0) + 20L * 365 * 86_400_000L;
            slo.result(at(far).build());
            slo.result(at(far + 70_000).build());

            // Then minute 0 and the far minute both closed: the 30 days after minute 0 are walked, the
            // rest (nothing stored could change an output) is skipped
            assertThat(slo.slis()).filteredOn(s -> s.getScope().equals("global")).extracting(SliSnapshot::getWindowStart)
                    .containsExactly(minute(0), BruteForceSlo.floorMin(far));
            assertThat(slo.pages()).isEmpty();
        }
    }

    @Test
    void shouldAcceptAnOutOfOrderResultWithinTheGrace() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given event time at 01:05, inside minute 0's 10 s grace
            slo.result(at(minute(1) + 5_000).build());

            // When a result for 00:59 arrives
            slo.result(at(minute(0) + 59_000).build());
            slo.result(at(minute(2) + 10_000).build());

            // Then it counts in minute 0
            assertThat(slo.metrics.lateResults()).isZero();
            assertThat(SliSnapshotTest.byScope(slo.slis(), minute(0), Lane.INTERACTIVE).get("global").getCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldSkipCountAndLogAnUndecodableRecordAndGoOn() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given a value that is not Avro at all, between two good results
            slo.result(at(minute(0.2)).build());
            slo.rawResult("{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
            slo.result(at(minute(0.4)).build());

            // When minute 0 closes
            slo.result(at(minute(1) + 10_000).build());

            // Then the bad record was skipped, counted and logged with its reason, and the good ones counted
            assertThat(slo.metrics.undecodableRecords()).isEqualTo(1);
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .startsWith("undecodable record skipped topic=llm.results").contains("NOT_SINGLE_OBJECT"));
            assertThat(SliSnapshotTest.byScope(slo.slis(), minute(0), Lane.INTERACTIVE).get("global").getCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldPageResultsAbsentWhenRequestsKeepArrivingWithoutResults() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given results for minutes 0..4, then workers die: requests keep coming, no result does
            for (int m = 0; m < 5; m++) {
                slo.results(spread(m, 10, 0, 300));
            }
            for (int m = 5; m < 13; m++) {
                slo.request(Results.request(minute(m)));
                slo.advanceWall(Duration.ofMinutes(1));
            }

            // Then the wall clock keeps closing windows, and [05:00, 07:00) is the first 2-minute span without results
            List<PageEvent> absent = rule(slo.pages(), "results_absent", "global");
            assertThat(absent).singleElement().satisfies(p -> {
                assertThat(p.getState()).isEqualTo(AlertState.FIRING);
                assertThat(p.getEvaluatedAt()).isEqualTo(minute(7));
                assertThat(p.getStartedAt()).isEqualTo(minute(5));
                assertThat(p.getObserved()).isEqualTo(2);
                assertThat(p.getSummary()).contains("no result came back");
            });

            // When results come back in minute 13
            slo.results(spread(13, 10, 0, 300));
            slo.result(at(minute(14) + 10_000).build());

            // Then it resolves at the close of minute 13
            assertThat(rule(slo.pages(), "results_absent", "global")).extracting(PageEvent::getState, PageEvent::getEvaluatedAt)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, minute(7)),
                            org.assertj.core.groups.Tuple.tuple(AlertState.RESOLVED, minute(14)));
        }
    }

    @Test
    void shouldPageResultsAbsentWhenWorkersWereDeadFromTheStart() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given requests only, one a minute from 00:05 (the first one starts the clock), and wall time passing
            for (int m = 0; m < 4; m++) {
                slo.request(Results.request(minute(m) + 5_000));
                slo.advanceWall(Duration.ofMinutes(1));
            }

            // Then the close of minute 0 (at 01:10 effective time) finds a request and no result in [-1m, 1m)
            assertThat(rule(slo.pages(), "results_absent", "global")).singleElement().satisfies(p -> {
                assertThat(p.getEvaluatedAt()).isEqualTo(minute(1));
                assertThat(p.getObserved()).isEqualTo(1);
            });
            assertThat(slo.slis()).isEmpty();
        }
    }

    @Test
    void shouldSendTenantsPastTheCapToOtherScope() {
        // Given tenants capped at 2
        SloConfig config = new SloConfig(null, null, null, null, null, null, null, null, null, null,
                new SloScopes(null, null, new SloDimension(true, 2)), null, null);
        try (SloHarness slo = new SloHarness(config, state)) {
            // When four tenants send results
            for (String tenant : List.of("a", "b", "c", "d")) {
                slo.result(at(minute(0.5)).tenant(tenant).build());
            }
            slo.result(at(minute(1) + 10_000).tenant("a").build());

            // Then the first two have their scope and the others share tenant:_other
            List<SliSnapshot> tenants = slo.slis().stream().filter(s -> s.getScope().startsWith("tenant:")).toList();
            assertThat(tenants).extracting(SliSnapshot::getScope).containsExactlyInAnyOrder("tenant:a", "tenant:b", "tenant:_other");
            assertThat(tenants).filteredOn(s -> s.getScope().equals("tenant:_other")).singleElement()
                    .satisfies(s -> assertThat(s.getCount()).isEqualTo(2));
        }
    }

    @Test
    void shouldKeepBatchResultsOutOfTheLatencyObjective() {
        try (SloHarness slo = new SloHarness(SloConfig.defaults(), state)) {
            // Given 20 minutes of fast interactive results and slow batch results
            for (int m = 0; m < 20; m++) {
                slo.results(spread(m, 30, 0, 300));
                for (int i = 0; i < 30; i++) {
                    slo.result(at(minute(m) + i * 2000L).lane(Lane.BATCH).latency(60_000).build());
                }
            }
            slo.result(at(minute(20) + 10_000).build());

            // Then no latency page: batch is measured (its snapshots show it) but not held to 2.5 s
            assertThat(rule(slo.pages(), "p95_latency", "global")).isEmpty();
            assertThat(SliSnapshotTest.byScope(slo.slis(), minute(3), Lane.BATCH).get("global").getP95Ms()).isGreaterThan(50_000);
        }
    }
}
