package dev.hourglass.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hourglass.crypto.BlindedId;
import dev.hourglass.time.TimeUnits;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The embedded store: two Caffeine caches whose entries expire at the end of the unit after their own,
 * computed per entry from the injected clock. No sweep job; Caffeine's scheduler drops expired entries.
 * <p>
 * Invariant: a user appears among the holders of exactly the contact keys of its current registration.
 * Both caches are only written inside {@code registrations.asMap().compute} for that user, and the nested
 * update of the holder index never calls back into the registrations, so there is no lock cycle.
 */
@Singleton
public class InMemoryRegistrationStore implements RegistrationStore {

    /** Holders of one contact key, oldest first; a small array replaced on every change. */
    private record Holders(BlindedId[] users, Instant expiresAt) {
    }

    private final Cache<BlindedId, Registration> registrations;
    private final Cache<BlindedId, Holders> holders;
    private final int maxRegistrations;
    private final int maxHoldersPerKey;

    public InMemoryRegistrationStore(TimeUnits units, RegistrationConfig config) {
        Ticker ticker = () -> {
            Instant now = units.clock().instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        };
        // Maintenance runs on the calling thread, amortised: no hand-off to another pool for every write.
        this.registrations = Caffeine.newBuilder()
                .executor(Runnable::run)
                .ticker(ticker)
                .scheduler(Scheduler.systemScheduler())
                .expireAfter(expiringAt(Registration::expiresAt, units))
                .build();
        this.holders = Caffeine.newBuilder()
                .executor(Runnable::run)
                .ticker(ticker)
                .scheduler(Scheduler.systemScheduler())
                .expireAfter(expiringAt(Holders::expiresAt, units))
                .build();
        this.maxRegistrations = config.maxRegistrations();
        this.maxHoldersPerKey = config.maxHoldersPerKey();
    }

    private static <V> Expiry<BlindedId, V> expiringAt(java.util.function.Function<V, Instant> expiresAt, TimeUnits units) {
        ToLongFunction<V> remaining = value -> units.nanosUntil(expiresAt.apply(value));
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(BlindedId key, V value, long currentTime) {
                return remaining.applyAsLong(value);
            }

            @Override
            public long expireAfterUpdate(BlindedId key, V value, long currentTime, long currentDuration) {
                return remaining.applyAsLong(value);
            }

            @Override
            public long expireAfterRead(BlindedId key, V value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }

    @Override
    public Outcome register(Registration registration) {
        Outcome[] outcome = new Outcome[1];
        if (registrations.estimatedSize() >= maxRegistrations) {
            registrations.cleanUp();
        }
        registrations.asMap().compute(registration.user(), (user, previous) -> {
            if (previous != null && previous.hasPublicKey() && !previous.samePublicKey(registration)) {
                outcome[0] = new Conflict();
                return previous;
            }
            if (previous == null && registrations.estimatedSize() >= maxRegistrations) {
                outcome[0] = new Full();
                return null;
            }
            if (previous != null) {
                // Keys the new registration keeps are refreshed by addHolder in one update, not removed and re-added.
                previous.contactKeys().forEach(key -> {
                    if (!registration.contactKeys().contains(key)) {
                        removeHolder(key, user);
                    }
                });
            }
            registration.contactKeys().forEach(key -> addHolder(key, user, registration.expiresAt()));
            outcome[0] = new Registered(registration);
            return registration;
        });
        return outcome[0];
    }

    /** Makes the user the newest holder of the key (moving it if it held the key already), dropping the oldest past the cap. */
    private void addHolder(BlindedId key, BlindedId user, Instant expiresAt) {
        holders.asMap().compute(key, (k, current) -> {
            if (current == null) {
                return new Holders(new BlindedId[] {user}, expiresAt);
            }
            BlindedId[] others = without(current.users(), user);
            int keep = Math.min(others.length, maxHoldersPerKey - 1);
            BlindedId[] next = Arrays.copyOfRange(others, others.length - keep, others.length + 1);
            next[keep] = user;
            return new Holders(next, current.expiresAt());
        });
    }

    private void removeHolder(BlindedId key, BlindedId user) {
        holders.asMap().computeIfPresent(key, (k, current) -> {
            BlindedId[] rest = without(current.users(), user);
            return rest.length == 0 ? null : new Holders(rest, current.expiresAt());
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

    @Override
    public Optional<Registration> find(BlindedId user) {
        return Optional.ofNullable(registrations.getIfPresent(user));
    }

    @Override
    public List<BlindedId> holders(BlindedId contactKey) {
        Holders current = holders.getIfPresent(contactKey);
        return current == null ? List.of() : List.of(current.users());
    }

    @Override
    public long size() {
        return registrations.estimatedSize();
    }
}
