package dev.keel.router.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock that tests move by hand. Thread-safe. */
public final class MutableClock extends Clock {

    private final AtomicLong epochMs;

    public MutableClock(Instant start) {
        this.epochMs = new AtomicLong(start.toEpochMilli());
    }

    public static MutableClock at(String isoInstant) {
        return new MutableClock(Instant.parse(isoInstant));
    }

    public void set(Instant instant) {
        epochMs.set(instant.toEpochMilli());
    }

    public void set(String isoInstant) {
        set(Instant.parse(isoInstant));
    }

    public void advance(Duration by) {
        epochMs.addAndGet(by.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests run in UTC");
    }

    @Override
    public long millis() {
        return epochMs.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(epochMs.get());
    }
}
