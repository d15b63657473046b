package dev.keel.router.delivery;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one partition that were handed out and not yet finished. The committable offset
 * is the first unfinished one (or one past the highest seen when nothing is in flight): everything
 * before it is done, so a crash after committing it loses nothing.
 *
 * <p>Not thread-safe: owned by the poll thread.
 */
final class PartitionOffsets {

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long highestSeen = -1;
    private long lastCommitted = -1;

    void started(long offset) {
        inFlight.add(offset);
        highestSeen = Math.max(highestSeen, offset);
    }

    void completed(long offset) {
        inFlight.remove(offset);
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The offset to commit if it moved since the last commit. */
    OptionalLong committable() {
        if (highestSeen < 0) {
            return OptionalLong.empty();
        }
        long next = inFlight.isEmpty() ? highestSeen + 1 : inFlight.first();
        return next > lastCommitted ? OptionalLong.of(next) : OptionalLong.empty();
    }

    void committed(long offset) {
        lastCommitted = Math.max(lastCommitted, offset);
    }
}
