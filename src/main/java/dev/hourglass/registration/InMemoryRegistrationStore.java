package dev.hourglass.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hourglass.crypto.BlindedId;
import dev.hourglass.time.TimeUnits;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded store: one {@link UnitTable} per time unit, held in a Caffeine cache whose entry expires when the
 * unit's registrations do (the end of the next unit), computed from the injected clock. Caffeine's scheduler drops
 * a whole unit at once; nothing is swept entry by entry.
 * <p>
 * Every registration of a unit expires at the same instant, so per-entry expiry would buy nothing; inside a unit, a
 * table of flat arrays holds the registrations and the holder index (see {@link UnitTable}), bounded by the cap on
 * live registrations and the cap on holders per key. A registration stores no object of its own: what a find answers
 * is rebuilt from the table, equal to what was registered.
 */
public class InMemoryRegistrationStore implements RegistrationStore {

    private final Cache<Long, UnitTable> units;
    private final Policy<Long, UnitTable> unitsPolicy;
    private final TimeUnits time;
    private final int maxRegistrations;
    private final int maxHoldersPerKey;

    public InMemoryRegistrationStore(TimeUnits time, RegistrationConfig config) {
        Ticker ticker = () -> {
            Instant now = time.clock().instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        };
        this.time = time;
        this.units = Caffeine.newBuilder()
                .ticker(ticker)
                .scheduler(Scheduler.systemScheduler())
                .expireAfter(Expiry.creating((Long unit, UnitTable table) -> Duration.ofNanos(time.nanosUntil(time.expiryOf(unit)))))
                .build();
        this.unitsPolicy = units.policy();
        this.maxRegistrations = config.maxRegistrations();
        this.maxHoldersPerKey = config.maxHoldersPerKey();
    }

    @Override
    public Future<Outcome> register(Registration registration) {
        // A unit is only accepted while its table is live, so a table is never written after it expires: the last
        // unit it could be written for ends as the table's next one begins.
        UnitTable live = live(registration.unit());
        UnitTable table = live != null ? live : units.get(registration.unit(), unit -> new UnitTable(maxHoldersPerKey));
        // The cap is checked for new users only, against a count that does not take the other tables' locks:
        // concurrent new users in different units may pass it by the number of threads registering at once.
        Outcome outcome = switch (table.register(registration, () -> live() < maxRegistrations)) {
            case REGISTERED -> new Registered(registration);
            case CONFLICT -> new Conflict();
            case FULL -> new Full();
        };
        return Future.succeededFuture(outcome);
    }

    /**
     * The unit's table if it is live. A quiet read: {@code getIfPresent} would record the read for the eviction
     * policy, which this cache does not use, and every few reads hand a maintenance task to another thread.
     */
    private UnitTable live(long unit) {
        return unitsPolicy.getIfPresentQuietly(unit);
    }

    @Override
    public Future<Optional<Registration>> find(long unit, BlindedId user) {
        UnitTable table = live(unit);
        return Future.succeededFuture(table == null ? Optional.empty() : Optional.ofNullable(table.find(user, unit, time.expiryOf(unit))));
    }

    @Override
    public Future<List<BlindedId>> holders(long unit, BlindedId contactKey) {
        UnitTable table = live(unit);
        return Future.succeededFuture(table == null ? List.of() : table.holders(contactKey));
    }

    @Override
    public Future<Long> size() {
        return Future.succeededFuture(live());
    }

    /** Live registrations: the units still live hold them all (two or three tables, each counting its own). */
    private long live() {
        long size = 0;
        for (UnitTable table : units.asMap().values()) {
            size += table.size();
        }
        return size;
    }
}
