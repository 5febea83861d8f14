package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flat table against a model written the plain way (maps and lists): after every registration of a random
 * sequence, every user's registration and every key's holders, in order, are the model's. The pools are small enough
 * for keys to be shared, dropped (the holder index's deletions) and capped, and large enough, in some tries, for
 * every array and index to grow past its first capacity.
 */
class UnitTablePropertiesTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-02T02:00:00Z");

    record Step(int user, Set<Integer> keys) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.of(40, 700, 9000).flatMap(users -> {
            Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, users - 1),
                    Arbitraries.integers().between(0, users / 2).set().ofMaxSize(6)).as(Step::new);
            return step.list().ofMinSize(1).ofMaxSize(12000);
        });
    }

    @Property(tries = 100)
    void theTableIsTheModelAfterEveryStep(@ForAll("steps") List<Step> steps, @ForAll("caps") int maxHolders) {
        UnitTable table = new UnitTable(maxHolders);
        Map<Integer, Set<Integer>> registered = new HashMap<>();
        Map<Integer, List<Integer>> holders = new HashMap<>();
        Set<Integer> keysSeen = new HashSet<>();
        for (Step step : steps) {
            Set<BlindedId> keys = new LinkedHashSet<>();
            step.keys().forEach(key -> keys.add(key(key)));
            Registration registration = new Registration(user(step.user()), 7, keys, null, EXPIRY);
            assertThat(table.register(registration, () -> true)).isEqualTo(UnitTable.Result.REGISTERED);
            // The model: dropped keys lose the user, kept and new ones make it their newest holder, oldest out past the cap.
            Set<Integer> before = registered.getOrDefault(step.user(), Set.of());
            for (int key : before) {
                if (!step.keys().contains(key)) {
                    holders.get(key).remove(Integer.valueOf(step.user()));
                }
            }
            for (BlindedId blinded : registration.contactKeys()) {
                int key = (int) blinded.b();
                List<Integer> list = holders.computeIfAbsent(key, k -> new ArrayList<>());
                list.remove(Integer.valueOf(step.user()));
                list.add(step.user());
                if (list.size() > maxHolders) {
                    list.remove(0);
                }
            }
            registered.put(step.user(), step.keys());
            keysSeen.addAll(step.keys());
        }
        assertThat(table.size()).isEqualTo(registered.size());
        registered.forEach((user, keys) -> {
            Registration found = table.find(user(user), 7, EXPIRY);
            assertThat(found.contactKeys()).containsExactlyInAnyOrderElementsOf(keys.stream().map(UnitTablePropertiesTest::key).toList());
        });
        for (int key : keysSeen) {
            List<BlindedId> expected = holders.getOrDefault(key, List.of()).stream().map(UnitTablePropertiesTest::user).toList();
            assertThat(table.holders(key(key))).as("holders of key " + key).containsExactlyElementsOf(expected);
        }
        assertThat(table.find(user(-1), 7, EXPIRY)).isNull();
    }

    /** Past several chunks of users, keys and holder entries, then every third user changes its keys: all found again. */
    @Example
    void tablesGrowPastTheirChunksAndKeepEverything() {
        UnitTable table = new UnitTable(2);
        int users = 3 * 4096 + 17;
        for (int u = 0; u < users; u++) {
            Set<BlindedId> keys = Set.of(key(2 * u), key(2 * u + 1), key(-1));
            assertThat(table.register(new Registration(user(u), 7, keys, null, EXPIRY), () -> true)).isEqualTo(UnitTable.Result.REGISTERED);
        }
        for (int u = 0; u < users; u += 3) {
            table.register(new Registration(user(u), 7, Set.of(key(2 * u), key(-2 - u)), null, EXPIRY), () -> true);
        }
        assertThat(table.size()).isEqualTo(users);
        for (int u = 0; u < users; u++) {
            Set<BlindedId> expected = u % 3 == 0 ? Set.of(key(2 * u), key(-2 - u)) : Set.of(key(2 * u), key(2 * u + 1), key(-1));
            assertThat(table.find(user(u), 7, EXPIRY).contactKeys()).isEqualTo(expected);
            assertThat(table.holders(key(2 * u))).containsExactly(user(u));
            assertThat(table.holders(key(2 * u + 1))).isEqualTo(u % 3 == 0 ? List.of() : List.of(user(u)));
        }
        // Capped at two, the last two held it; the older of them (a multiple of three) dropped it since.
        assertThat(table.holders(key(-1))).containsExactly(user(users - 1));
    }

    @Provide
    Arbitrary<Integer> caps() {
        return Arbitraries.of(1, 3, 8);
    }

    /** Ids whose first word collides often under the tables' masks, so that probing and deletion are exercised. */
    private static BlindedId user(int n) {
        return new BlindedId((n % 37) << 9, n, 0, 1);
    }

    private static BlindedId key(int n) {
        return new BlindedId((n % 5) << 12, n, 2, 3);
    }
}
