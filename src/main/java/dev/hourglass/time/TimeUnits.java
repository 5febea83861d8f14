package dev.hourglass.time;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Arithmetic of time units ("hours"): which unit is current, which ones a client may still use,
 * and when the state of a unit expires. Every time-dependent decision goes through the injected
 * {@link Clock}, so tests can move time instead of waiting for it.
 */
@Singleton
public class TimeUnits {

    private final Clock clock;
    private final long unitSeconds;

    public TimeUnits(Clock clock, UnitConfig config) {
        this.clock = clock;
        this.unitSeconds = config.unit().toSeconds();
        if (unitSeconds < 1 || config.unit().toNanosPart() != 0) {
            throw new IllegalArgumentException("hourglass.time.unit must be a whole number of seconds, at least PT1S");
        }
    }

    public Clock clock() {
        return clock;
    }

    public long unitSeconds() {
        return unitSeconds;
    }

    public long current() {
        return Math.floorDiv(clock.instant().getEpochSecond(), unitSeconds);
    }

    /**
     * Maps a client-supplied unit to its canonical index if it is accepted now: the current unit or the
     * previous one, given either as the index itself or as the unit's start in epoch seconds (the form
     * the original README's example used).
     */
    public OptionalLong accept(long candidate) {
        long current = current();
        for (long unit = current; unit >= current - 1; unit--) {
            if (candidate == unit || candidate == unit * unitSeconds) {
                return OptionalLong.of(unit);
            }
        }
        return OptionalLong.empty();
    }

    /** State of unit h stays usable through unit h+1, so a client is never cut off at the boundary. */
    public Instant expiryOf(long unit) {
        return Instant.ofEpochSecond((unit + 2) * unitSeconds);
    }

    /** Nanoseconds from now until {@code instant}, never negative; for timers and cache expiry. */
    public long nanosUntil(Instant instant) {
        long nanos = java.time.Duration.between(clock.instant(), instant).toNanos();
        return Math.max(0, nanos);
    }
}
