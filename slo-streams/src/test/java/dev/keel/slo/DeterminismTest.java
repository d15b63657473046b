package dev.keel.slo;

import dev.keel.config.SloConfig;
import dev.keel.schemas.PageEvent;
import dev.keel.schemas.PromptResult;
import dev.keel.schemas.ResultStatus;
import dev.keel.schemas.SliSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.keel.slo.Results.at;
import static dev.keel.slo.Results.minute;
import static org.assertj.core.api.Assertions.assertThat;

/** The same results give the same SLIs and pages: across a restart, and in any order within a window. */
class DeterminismTest {

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    /** 30 minutes: a latency breach from minute 3, failures from minute 12 to 20, three tenants. */
    private static List<List<PromptResult>> fixture() {
        Random random = new Random(7);
        List<List<PromptResult>> minutes = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            List<PromptResult> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean slow = m >= 3 && m < 25 && random.nextInt(10) < 3;
                boolean failed = m >= 12 && m < 20 && random.nextInt(10) == 0;
                results.add(at(minute(m) + i * 1500L).tenant("t" + random.nextInt(3))
                        .latency(slow ? 2600 + random.nextInt(4000) : 200 + random.nextInt(800))
                        .status(failed ? ResultStatus.FAILED : ResultStatus.SUCCESS)
                        .cost(0.001 * random.nextInt(30)).build());
            }
            minutes.add(results);
        }
        return minutes;
    }

    @Test
    void shouldEmitTheSameSlisAndPagesWhenRestartedMidway() {
        List<List<PromptResult>> minutes = fixture();
        List<SliSnapshot> slisA;
        List<PageEvent> pagesA;
        try (SloHarness a = new SloHarness(SloConfig.defaults(), stateA)) {
            // Given an uninterrupted run
            minutes.forEach(a::results);
            a.result(at(minute(30) + 10_000).build());
            slisA = a.slis();
            pagesA = a.pages();
        }
        try (SloHarness b = new SloHarness(SloConfig.defaults(), stateB)) {
            // When the same input is cut after minute 15 (held breaches running) by a restart restored from the changelogs
            for (int m = 0; m < 30; m++) {
                b.results(minutes.get(m));
                if (m == 15) {
                    b.restart();
                    assertThat(b.restoredRecords()).isPositive();
                }
            }
            b.result(at(minute(30) + 10_000).build());

            // Then everything matches but the wall-clock emitted_at, and nothing fired twice
            assertThat(b.slis()).isEqualTo(slisA);
            assertThat(withoutWallClock(b.pages())).isEqualTo(withoutWallClock(pagesA));
            assertThat(pagesA).isNotEmpty();
        }
    }

    @Test
    void shouldEmitTheSameSlisAndPagesWhateverTheOrderWithinAWindow() {
        List<List<PromptResult>> minutes = fixture();
        List<SliSnapshot> slisA;
        List<PageEvent> pagesA;
        try (SloHarness a = new SloHarness(SloConfig.defaults(), stateA)) {
            minutes.forEach(a::results);
            a.result(at(minute(30) + 10_000).build());
            slisA = a.slis();
            pagesA = a.pages();
        }
        try (SloHarness b = new SloHarness(SloConfig.defaults(), stateB)) {
            // Given each minute's results shuffled (as interleaved partitions would deliver them)
            Random random = new Random(11);
            for (List<PromptResult> minute : minutes) {
                List<PromptResult> shuffled = new ArrayList<>(minute);
                Collections.shuffle(shuffled, random);
                b.results(shuffled);
            }
            b.result(at(minute(30) + 10_000).build());

            // Then the output is identical
            assertThat(b.slis()).isEqualTo(slisA);
            assertThat(withoutWallClock(b.pages())).isEqualTo(withoutWallClock(pagesA));
        }
    }

    static List<PageEvent> withoutWallClock(List<PageEvent> pages) {
        return pages.stream().map(p -> PageEvent.newBuilder(p).setEmittedAt(0).build()).toList();
    }
}
