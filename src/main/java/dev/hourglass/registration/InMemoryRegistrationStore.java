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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The embedded store: one {@link UnitTable} per time unit, held in a Caffeine cache whose entry expires when the
 * unit's registrations do (the end of the next unit), computed from the injected clock. Caffeine's scheduler drops
 * a whole unit at once; nothing is swept entry by entry.
 * <p>
 * Every registration of a unit expires at the same instant, so per-entry expiry (a timer-wheel node, a write-buffer
 * task and a maintenance pass on every write) would buy nothing: inside a unit, registrations and the holder index
 * are plain concurrent maps, bounded by the cap on live registrations and the cap on holders per key.
 * <p>
 * Invariant: a user appears among the holders of exactly the contact keys of its current registration. Both maps
 * of a unit are only written inside {@code users.compute} for that user, and the nested update of the holder index
 * never calls back into the users, so there is no lock cycle.
 */
public class InMemoryRegistrationStore implements RegistrationStore {

    /** One unit's registrations and its holder index: contact key → users that registered it, oldest first. */
    private record UnitTable(ConcurrentHashMap<BlindedId, Registration> users, ConcurrentHashMap<BlindedId, BlindedId[]> holders) {

        UnitTable() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private final Cache<Long, UnitTable> units;
    private final Policy<Long, UnitTable> unitsPolicy;
    private final int maxRegistrations;
    private final int maxHoldersPerKey;

    public InMemoryRegistrationStore(TimeUnits time, RegistrationConfig config) {
        Ticker ticker = () -> {
            Instant now = time.clock().instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        };
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
        return Future.succeededFuture(registerNow(registration));
    }

    private Outcome registerNow(Registration registration) {
        // A unit is only accepted while its table is live, so a table is never written after it expires: the last
        // unit it could be written for ends as the table's next one begins.
        UnitTable live = live(registration.unit());
        UnitTable table = live != null ? live : units.get(registration.unit(), unit -> new UnitTable());
        Registration unchanged = unchanged(table, registration);
        if (unchanged != null) {
            return new Registered(unchanged);
        }
        Outcome[] outcome = new Outcome[1];
        table.users().compute(registration.user(), (user, previous) -> {
            if (previous != null && previous.hasPublicKey() && !previous.samePublicKey(registration)) {
                outcome[0] = new Conflict();
                return previous;
            }
            if (previous == null && live() >= maxRegistrations) {
                outcome[0] = new Full();
                return null;
            }
            // A client repeating its registration (a retry, a reload, a reconnect) changes nothing: the stored one
            // stays, so the repeat leaves no new object behind for the collector, only the holders' order.
            Registration kept = previous != null && previous.sameContent(registration) ? previous : registration;
            if (previous != null) {
                // Keys the new registration keeps are refreshed by addHolder in one update, not removed and re-added.
                previous.contactKeys().forEach(key -> {
                    if (!kept.contactKeys().contains(key)) {
                        removeHolder(table, key, user);
                    }
                });
            }
            kept.contactKeys().forEach(key -> addHolder(table, key, user));
            outcome[0] = new Registered(kept);
            return kept;
        });
        return outcome[0];
    }

    /**
     * The stored registration when this one repeats it and the user is already the newest holder of each of its keys:
     * registering it again would change nothing, so it is answered from reads alone, without taking a lock. Otherwise
     * null, and the registration goes through {@code compute}. Nothing is written here, so a concurrent change of the
     * same user cannot be undone by it; at worst the repeat is ordered just before that change.
     */
    private static Registration unchanged(UnitTable table, Registration registration) {
        Registration stored = table.users().get(registration.user());
        if (stored == null || !stored.sameContent(registration)) {
            return null;
        }
        for (BlindedId key : stored.contactKeys()) {
            BlindedId[] holders = table.holders().get(key);
            if (holders == null || !holders[holders.length - 1].equals(registration.user())) {
                return null;
            }
        }
        return stored;
    }

    /** Makes the user the newest holder of the key (moving it if it held the key already), dropping the oldest past the cap. */
    private void addHolder(UnitTable table, BlindedId key, BlindedId user) {
        table.holders().compute(key, (k, current) -> {
            if (current == null) {
                return new BlindedId[] {user};
            }
            if (current[current.length - 1].equals(user)) {
                return current; // already the newest
            }
            BlindedId[] others = without(current, user);
            int keep = Math.min(others.length, maxHoldersPerKey - 1);
            BlindedId[] next = Arrays.copyOfRange(others, others.length - keep, others.length + 1);
            next[keep] = user;
            return next;
        });
    }

    private static void removeHolder(UnitTable table, BlindedId key, BlindedId user) {
        table.holders().computeIfPresent(key, (k, current) -> {
            BlindedId[] rest = without(current, user);
            return rest.length == 0 ? null : rest;
        });
    }

    private static BlindedId[] without(BlindedId[] users, BlindedId user) {
        for (int i = 0; i < users.length; i++) {
            if (users[i].equals(user)) {
                BlindedId[] rest = new BlindedId[users.length - 1];
                System.arraycopy(users, 0, rest, 0, i);
                System.arraycopy(users, i + 1, rest, i, users.length - i - 1);
                return rest;
            }
        }
        return users;
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
        return Future.succeededFuture(table == null ? Optional.empty() : Optional.ofNullable(table.users().get(user)));
    }

    @Override
    public Future<List<BlindedId>> holders(long unit, BlindedId contactKey) {
        UnitTable table = live(unit);
        BlindedId[] current = table == null ? null : table.holders().get(contactKey);
        return Future.succeededFuture(current == null ? List.of() : List.of(current));
    }

    @Override
    public Future<Long> size() {
        return Future.succeededFuture(live());
    }

    /** Live registrations: the units still live hold them all (two or three tables, each counting its own). */
    private long live() {
        long size = 0;
        for (UnitTable table : units.asMap().values()) {
            size += table.users().mappingCount();
        }
        return size;
    }
}
