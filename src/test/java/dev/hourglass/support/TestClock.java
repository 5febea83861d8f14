package dev.hourglass.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Real time plus an offset that a test may move; every test starts from {@link #reset()}. */
public final class TestClock extends Clock {

    public static final TestClock INSTANCE = new TestClock();

    private final AtomicLong offsetNanos = new AtomicLong();

    private TestClock() {
    }

    public void reset() {
        offsetNanos.set(0);
    }

    public void set(Instant now) {
        offsetNanos.set(Duration.between(Instant.now(), now).toNanos());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC");
    }
}
