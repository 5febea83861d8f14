package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;
import dev.hourglass.support.Parallel;
import dev.hourglass.support.TestClock;
import dev.hourglass.time.TimeUnits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.hourglass.support.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's invariants, without HTTP: holder index consistency, holder cap, capacity, expiry. One contract, run
 * against every implementation ({@link InMemoryRegistrationStoreTest}, {@link RedisRegistrationStoreTest}).
 */
abstract class RegistrationStoreContract {

    private static final SecureRandom RANDOM = new SecureRandom();

    protected final TestClock clock = TestClock.INSTANCE;
    protected final TimeUnits units = new TimeUnits(clock, () -> Duration.ofHours(1));

    @AfterEach
    void reset() {
        clock.reset();
    }

    /** A new, empty store of the implementation under test. */
    protected abstract RegistrationStore store(int maxRegistrations, int maxHolders);

    /** What a find or a repeat answers is the registration stored: its user, unit, contact keys, public key and expiry. */
    protected void assertIsStored(Registration answered, Registration stored) {
        assertThat(answered.user()).isEqualTo(stored.user());
        assertThat(answered.unit()).isEqualTo(stored.unit());
        assertThat(answered.contactKeys()).isEqualTo(stored.contactKeys());
        assertThat(Arrays.equals(answered.publicKey(), stored.publicKey())).as("same public key").isTrue();
        assertThat(answered.expiresAt()).isEqualTo(stored.expiresAt());
    }

    protected static RegistrationConfig config(int maxRegistrations, int maxHolders) {
        return new RegistrationConfig() {
            public int maxContactKeys() {
                return 256;
            }

            public int maxRegistrations() {
                return maxRegistrations;
            }

            public int maxHoldersPerKey() {
                return maxHolders;
            }

            public int maxBodyBytes() {
                return 65536;
            }

            public int rateLimit() {
                return 20;
            }

            public int rateBurst() {
                return 100;
            }
        };
    }

    private static BlindedId random() {
        return new BlindedId(RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    private Registration registration(BlindedId user, Set<BlindedId> keys, byte[] publicKey) {
        long unit = units.current();
        return new Registration(user, unit, keys, publicKey, units.expiryOf(unit));
    }

    @Test
    void theHoldersOfAKeyAreCappedOldestOut() {
        RegistrationStore store = store(100, 3);
        BlindedId key = random();
        List<BlindedId> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BlindedId user = random();
            users.add(user);
            assertThat(await(store.register(registration(user, Set.of(key), null)))).isInstanceOf(RegistrationStore.Registered.class);
        }
        assertThat(await(store.holders(units.current(), key))).containsExactly(users.get(2), users.get(3), users.get(4));
    }

    @Test
    void aReRegistrationMakesTheUserTheNewestHolderOfTheKeysItKeepsAndDropsItFromTheOthers() {
        RegistrationStore store = store(100, 8);
        BlindedId kept = random();
        BlindedId dropped = random();
        BlindedId added = random();
        BlindedId first = random();
        BlindedId second = random();
        await(store.register(registration(first, Set.of(kept, dropped), null)));
        await(store.register(registration(second, Set.of(kept), null)));

        await(store.register(registration(first, Set.of(kept, added), null)));

        assertThat(await(store.holders(units.current(), kept))).containsExactly(second, first);
        assertThat(await(store.holders(units.current(), dropped))).isEmpty();
        assertThat(await(store.holders(units.current(), added))).containsExactly(first);
    }

    @Test
    void aRepeatedRegistrationKeepsTheStoredOneAndMakesTheUserTheNewestHolderAgain() {
        RegistrationStore store = store(100, 8);
        BlindedId key = random();
        BlindedId first = random();
        BlindedId second = random();
        byte[] publicKey = new byte[32];
        RANDOM.nextBytes(publicKey);
        Registration original = registration(first, Set.of(key), publicKey);
        await(store.register(original));
        await(store.register(registration(second, Set.of(key), null)));

        RegistrationStore.Outcome repeat = await(store.register(registration(first, Set.of(key), publicKey.clone())));

        assertIsStored(((RegistrationStore.Registered) repeat).registration(), original);
        assertIsStored(await(store.find(units.current(), first)).orElseThrow(), original);
        assertThat(await(store.holders(units.current(), key))).containsExactly(second, first);
        assertThat(await(store.size())).isEqualTo(2);
    }

    @Test
    void aRegistrationThatChangesAnythingReplacesTheStoredOne() {
        RegistrationStore store = store(100, 8);
        BlindedId key = random();
        BlindedId user = random();
        await(store.register(registration(user, Set.of(key), null)));

        byte[] publicKey = new byte[32];
        RANDOM.nextBytes(publicKey);
        Registration withKey = registration(user, Set.of(key), publicKey);
        await(store.register(withKey));
        assertIsStored(await(store.find(units.current(), user)).orElseThrow(), withKey);

        Registration moreContacts = registration(user, Set.of(key, random()), publicKey);
        await(store.register(moreContacts));
        assertIsStored(await(store.find(units.current(), user)).orElseThrow(), moreContacts);
        assertThat(await(store.holders(units.current(), key))).containsExactly(user);
    }

    @Test
    void concurrentReRegistrationsLeaveTheHolderIndexExactlyMatchingTheLastRegistration() throws Exception {
        List<BlindedId> keyPool = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            keyPool.add(random());
        }
        reRegisterConcurrently(keyPool, () -> {
            Set<BlindedId> keys = new HashSet<>();
            for (int k = 0; k < 4; k++) {
                keys.add(keyPool.get(RANDOM.nextInt(keyPool.size())));
            }
            return keys;
        });
    }

    /** Mostly exact repeats, which are answered without a lock, racing with the changes between them. */
    @Test
    void repeatsRacingWithChangesLeaveTheHolderIndexExactlyMatchingTheLastRegistration() throws Exception {
        List<BlindedId> keyPool = List.of(random(), random(), random());
        List<Set<BlindedId>> sets = List.of(Set.of(keyPool.get(0), keyPool.get(1)), Set.of(keyPool.get(1), keyPool.get(2)));
        reRegisterConcurrently(keyPool, () -> sets.get(RANDOM.nextInt(8) == 0 ? 1 : 0));
    }

    /** Four threads re-register one user with key sets from {@code keys}; then it holds exactly its last set's keys. */
    private void reRegisterConcurrently(List<BlindedId> keyPool, java.util.function.Supplier<Set<BlindedId>> keys) throws Exception {
        RegistrationStore store = store(1000, 8);
        BlindedId user = random();
        Parallel.run(4, () -> {
            for (int i = 0; i < 2000; i++) {
                await(store.register(registration(user, keys.get(), null)));
            }
        });
        Set<BlindedId> current = await(store.find(units.current(), user)).orElseThrow().contactKeys();
        for (BlindedId key : keyPool) {
            assertThat(await(store.holders(units.current(), key))).as("user holds this key iff its registration has it")
                    .isEqualTo(current.contains(key) ? List.of(user) : List.of());
        }
    }

    @Test
    void atCapacityNewUsersAreRefusedExistingOnesMayReRegisterAndExpiryFreesRoom() {
        RegistrationStore store = store(2, 8);
        BlindedId first = random();
        await(store.register(registration(first, Set.of(random()), null)));
        await(store.register(registration(random(), Set.of(random()), null)));

        assertThat(await(store.register(registration(random(), Set.of(random()), null)))).isInstanceOf(RegistrationStore.Full.class);
        assertThat(await(store.register(registration(first, Set.of(random()), null)))).isInstanceOf(RegistrationStore.Registered.class);

        clock.set(Instant.ofEpochSecond((units.current() + 2) * 3600));
        assertThat(await(store.register(registration(random(), Set.of(random()), null)))).isInstanceOf(RegistrationStore.Registered.class);
        assertThat(await(store.size())).isEqualTo(1);
    }

    @Test
    void aPublicKeyHolderCannotBeReplacedByAnotherKeyOrNone() {
        RegistrationStore store = store(10, 8);
        BlindedId user = random();
        BlindedId key = random();
        byte[] publicKey = new byte[32];
        RANDOM.nextBytes(publicKey);
        await(store.register(registration(user, Set.of(key), publicKey)));

        byte[] otherKey = publicKey.clone();
        otherKey[0] ^= 1;
        assertThat(await(store.register(registration(user, Set.of(random()), otherKey)))).isInstanceOf(RegistrationStore.Conflict.class);
        assertThat(await(store.register(registration(user, Set.of(random()), null)))).isInstanceOf(RegistrationStore.Conflict.class);
        assertThat(await(store.holders(units.current(), key))).containsExactly(user);
    }

    @Test
    void eachUnitKeepsItsOwnRegistrationsAndExpiresOnItsOwn() {
        RegistrationStore store = store(10, 8);
        long first = units.current();
        BlindedId early = random();
        BlindedId key = random();
        await(store.register(new Registration(early, first, Set.of(key), null, units.expiryOf(first))));

        clock.set(Instant.ofEpochSecond((first + 1) * 3600));
        BlindedId late = random();
        await(store.register(new Registration(late, first + 1, Set.of(key), null, units.expiryOf(first + 1))));
        assertThat(await(store.holders(first, key))).containsExactly(early);
        assertThat(await(store.holders(first + 1, key))).containsExactly(late);
        assertThat(await(store.find(first + 1, early))).as("a user is found only in the unit it registered for").isEmpty();
        assertThat(await(store.size())).isEqualTo(2);

        clock.set(Instant.ofEpochSecond((first + 2) * 3600));
        assertThat(await(store.find(first, early))).isEmpty();
        assertThat(await(store.holders(first, key))).isEmpty();
        assertThat(await(store.find(first + 1, late))).isPresent();
        assertThat(await(store.size())).isEqualTo(1);

        clock.set(Instant.ofEpochSecond((first + 3) * 3600));
        assertThat(await(store.find(first + 1, late))).isEmpty();
        assertThat(await(store.size())).isZero();
    }
}
