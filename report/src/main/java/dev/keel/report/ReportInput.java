package dev.keel.report;

import dev.keel.schemas.PageEvent;
import dev.keel.schemas.SliSnapshot;

import java.util.List;

/**
 * What a report is computed from: the SLI snapshots and page events of one scope that fall in or
 * overlap the window, and the earliest record time each topic still holds (null when empty), so the
 * report can say when the topic holds less than the window asked for. Immutable.
 */
public record ReportInput(List<SliSnapshot> snapshots, List<PageEvent> pages, Long sliTopicStart, Long pagesTopicStart) {

    public ReportInput {
        snapshots = List.copyOf(snapshots);
        pages = List.copyOf(pages);
    }
}
