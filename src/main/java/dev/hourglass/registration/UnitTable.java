package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One unit's registrations and its holder index, in flat primitive arrays changed in place: a registration leaves
 * no object of its own behind (the public key's 32 bytes aside), so a unit's start, when every client registers new
 * ids that all stay for two units, does not fill the old generation with small objects for the collector to copy and
 * trace. The arrays grow by doubling and die with the unit.
 * <p>
 * Users: entry {@code e} (stable, never removed: a unit's registrations end with the unit) has its id in
 * {@code userIds[4e..4e+3]}, its contact keys in a region of {@code keyPool} (reused in place when a new registration
 * has no more keys than the region holds), and its public key. Holder index: entry {@code h} has a contact key in
 * {@code holderKeys[4h..4h+3]} and up to {@code maxHolders} user entries, oldest first; an entry whose last holder
 * leaves is removed (backward-shift deletion, the entry number reused), so the index is bounded by the live keys.
 * Both indexes are open-addressing tables with linear probing, at most half full, hashed by the id's first word (the
 * ids are HMAC outputs: uniform).
 * <p>
 * Invariant: a user appears among the holders of exactly the contact keys of its registration, oldest holders
 * dropped past the cap. Every method holds the table's monitor; each does a bounded amount of work (at most
 * {@code max-contact-keys} keys times {@code max-holders-per-key} holders), none blocks.
 */
final class UnitTable {

    private static final int FIRST_CAPACITY = 256;

    private final int maxHolders;

    // Users.
    private long[] userIds = new long[4 * FIRST_CAPACITY];
    private int[] keysStart = new int[FIRST_CAPACITY];
    private short[] keysCount = new short[FIRST_CAPACITY];
    private short[] keysRoom = new short[FIRST_CAPACITY];
    private byte[][] publicKeys = new byte[FIRST_CAPACITY][];
    private int users;
    private int[] userIndex = new int[2 * FIRST_CAPACITY];
    private volatile int size;

    // Contact keys of the users, four longs each.
    private long[] keyPool = new long[4 * FIRST_CAPACITY];
    private int poolUsed;

    // Holder index.
    private long[] holderKeys = new long[4 * FIRST_CAPACITY];
    private int[] holders;
    private short[] holderCount = new short[FIRST_CAPACITY];
    private int holderEntries;
    private int liveHolderEntries;
    private int[] freeHolderEntries = new int[16];
    private int freeHolders;
    private int[] holderIndex = new int[2 * FIRST_CAPACITY];

    UnitTable(int maxHolders) {
        this.maxHolders = maxHolders;
        this.holders = new int[FIRST_CAPACITY * maxHolders];
    }

    /** Registrations in the table; read without the lock. */
    int size() {
        return size;
    }

    enum Result { REGISTERED, CONFLICT, FULL }

    /**
     * Registers, or replaces the contact keys (and public key) of the user's earlier registration: no takeover of a
     * registration that has a public key by another key or none; a new user only while {@code mayAdd}.
     */
    synchronized Result register(Registration registration, boolean mayAdd) {
        BlindedId user = registration.user();
        int entry = findUser(user);
        byte[] publicKey = registration.publicKey();
        if (entry >= 0) {
            byte[] stored = publicKeys[entry];
            if (stored != null && !Arrays.equals(stored, publicKey)) {
                return Result.CONFLICT;
            }
        } else {
            if (!mayAdd) {
                return Result.FULL;
            }
            entry = addUser(user);
        }
        Set<BlindedId> next = registration.contactKeys();
        // Keys the new registration drops lose this holder; the ones it keeps are moved to newest by addHolder.
        int start = keysStart[entry];
        for (int i = 0; i < keysCount[entry]; i++) {
            int at = 4 * (start + i);
            if (!contains(next, keyPool, at)) {
                removeHolder(keyPool[at], keyPool[at + 1], keyPool[at + 2], keyPool[at + 3], entry);
            }
        }
        if (next.size() > keysRoom[entry]) {
            int room = Math.max(next.size(), 2 * keysRoom[entry]);
            keysStart[entry] = reservePool(room);
            keysRoom[entry] = (short) room;
        }
        start = keysStart[entry];
        int i = 0;
        for (BlindedId key : next) {
            int at = 4 * (start + i++);
            keyPool[at] = key.a();
            keyPool[at + 1] = key.b();
            keyPool[at + 2] = key.c();
            keyPool[at + 3] = key.d();
            addHolder(key.a(), key.b(), key.c(), key.d(), entry);
        }
        keysCount[entry] = (short) next.size();
        if (publicKeys[entry] == null && publicKey != null) {
            publicKeys[entry] = publicKey;
        }
        return Result.REGISTERED;
    }

    /** The user's registration, rebuilt from the arrays (a hello needs it, rarely compared to registrations); or null. */
    synchronized Registration find(BlindedId user, long unit, Instant expiresAt) {
        int entry = findUser(user);
        if (entry < 0) {
            return null;
        }
        Set<BlindedId> keys = new HashSet<>(2 * keysCount[entry]);
        int start = keysStart[entry];
        for (int i = 0; i < keysCount[entry]; i++) {
            int at = 4 * (start + i);
            keys.add(new BlindedId(keyPool[at], keyPool[at + 1], keyPool[at + 2], keyPool[at + 3]));
        }
        return new Registration(user, unit, keys, publicKeys[entry], expiresAt);
    }

    /** The users holding the key, oldest first. */
    synchronized List<BlindedId> holders(BlindedId key) {
        int entry = findHolderEntry(key.a(), key.b(), key.c(), key.d());
        if (entry < 0) {
            return List.of();
        }
        List<BlindedId> out = new ArrayList<>(holderCount[entry]);
        for (int i = 0; i < holderCount[entry]; i++) {
            int user = holders[entry * maxHolders + i];
            out.add(new BlindedId(userIds[4 * user], userIds[4 * user + 1], userIds[4 * user + 2], userIds[4 * user + 3]));
        }
        return out;
    }

    // Users.

    private int findUser(BlindedId user) {
        int mask = userIndex.length - 1;
        for (int slot = (int) user.a() & mask; ; slot = (slot + 1) & mask) {
            int entry = userIndex[slot] - 1;
            if (entry < 0) {
                return -1;
            }
            int at = 4 * entry;
            if (userIds[at] == user.a() && userIds[at + 1] == user.b() && userIds[at + 2] == user.c() && userIds[at + 3] == user.d()) {
                return entry;
            }
        }
    }

    private int addUser(BlindedId user) {
        if (users == keysStart.length) {
            int capacity = 2 * users;
            userIds = Arrays.copyOf(userIds, 4 * capacity);
            keysStart = Arrays.copyOf(keysStart, capacity);
            keysCount = Arrays.copyOf(keysCount, capacity);
            keysRoom = Arrays.copyOf(keysRoom, capacity);
            publicKeys = Arrays.copyOf(publicKeys, capacity);
        }
        if (2 * (users + 1) > userIndex.length) {
            userIndex = new int[2 * userIndex.length];
            for (int entry = 0; entry < users; entry++) {
                insert(userIndex, userIds[4 * entry], entry);
            }
        }
        int entry = users++;
        userIds[4 * entry] = user.a();
        userIds[4 * entry + 1] = user.b();
        userIds[4 * entry + 2] = user.c();
        userIds[4 * entry + 3] = user.d();
        insert(userIndex, user.a(), entry);
        size = users;
        return entry;
    }

    private static void insert(int[] index, long hash, int entry) {
        int mask = index.length - 1;
        int slot = (int) hash & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = entry + 1;
    }

    private int reservePool(int keys) {
        if (4 * (poolUsed + keys) > keyPool.length) {
            keyPool = Arrays.copyOf(keyPool, Math.max(2 * keyPool.length, 4 * (poolUsed + keys)));
        }
        int start = poolUsed;
        poolUsed += keys;
        return start;
    }

    private static boolean contains(Set<BlindedId> keys, long[] pool, int at) {
        return keys.contains(new BlindedId(pool[at], pool[at + 1], pool[at + 2], pool[at + 3]));
    }

    // Holder index.

    private int findHolderSlot(long a, long b, long c, long d) {
        int mask = holderIndex.length - 1;
        for (int slot = (int) a & mask; ; slot = (slot + 1) & mask) {
            int entry = holderIndex[slot] - 1;
            if (entry < 0) {
                return -1 - slot;
            }
            int at = 4 * entry;
            if (holderKeys[at] == a && holderKeys[at + 1] == b && holderKeys[at + 2] == c && holderKeys[at + 3] == d) {
                return slot;
            }
        }
    }

    private int findHolderEntry(long a, long b, long c, long d) {
        int slot = findHolderSlot(a, b, c, d);
        return slot < 0 ? -1 : holderIndex[slot] - 1;
    }

    /** Makes the user the newest holder of the key (moving it if it held the key already), dropping the oldest past the cap. */
    private void addHolder(long a, long b, long c, long d, int user) {
        int slot = findHolderSlot(a, b, c, d);
        int entry;
        if (slot >= 0) {
            entry = holderIndex[slot] - 1;
        } else {
            entry = newHolderEntry(a, b, c, d);
        }
        int base = entry * maxHolders;
        int count = holderCount[entry];
        if (count > 0 && holders[base + count - 1] == user) {
            return; // already the newest
        }
        int at = indexOf(base, count, user);
        if (at >= 0) {
            System.arraycopy(holders, base + at + 1, holders, base + at, count - at - 1);
            holders[base + count - 1] = user;
        } else if (count == maxHolders) {
            System.arraycopy(holders, base + 1, holders, base, count - 1);
            holders[base + count - 1] = user;
        } else {
            holders[base + count] = user;
            holderCount[entry] = (short) (count + 1);
        }
    }

    private void removeHolder(long a, long b, long c, long d, int user) {
        int slot = findHolderSlot(a, b, c, d);
        if (slot < 0) {
            return;
        }
        int entry = holderIndex[slot] - 1;
        int base = entry * maxHolders;
        int count = holderCount[entry];
        int at = indexOf(base, count, user);
        if (at < 0) {
            return;
        }
        System.arraycopy(holders, base + at + 1, holders, base + at, count - at - 1);
        holderCount[entry] = (short) (count - 1);
        if (count == 1) {
            deleteHolderSlot(slot);
            if (freeHolders == freeHolderEntries.length) {
                freeHolderEntries = Arrays.copyOf(freeHolderEntries, 2 * freeHolders);
            }
            freeHolderEntries[freeHolders++] = entry;
            liveHolderEntries--;
        }
    }

    private int indexOf(int base, int count, int user) {
        for (int i = 0; i < count; i++) {
            if (holders[base + i] == user) {
                return i;
            }
        }
        return -1;
    }

    private int newHolderEntry(long a, long b, long c, long d) {
        if (2 * (liveHolderEntries + 1) > holderIndex.length) {
            int[] grown = new int[2 * holderIndex.length];
            for (int slot = 0; slot < holderIndex.length; slot++) {
                int entry = holderIndex[slot] - 1;
                if (entry >= 0) {
                    insert(grown, holderKeys[4 * entry], entry);
                }
            }
            holderIndex = grown;
        }
        int entry;
        if (freeHolders > 0) {
            entry = freeHolderEntries[--freeHolders];
        } else {
            if (holderEntries == holderCount.length) {
                int capacity = 2 * holderEntries;
                holderKeys = Arrays.copyOf(holderKeys, 4 * capacity);
                holders = Arrays.copyOf(holders, capacity * maxHolders);
                holderCount = Arrays.copyOf(holderCount, capacity);
            }
            entry = holderEntries++;
        }
        holderKeys[4 * entry] = a;
        holderKeys[4 * entry + 1] = b;
        holderKeys[4 * entry + 2] = c;
        holderKeys[4 * entry + 3] = d;
        holderCount[entry] = 0;
        insert(holderIndex, a, entry);
        liveHolderEntries++;
        return entry;
    }

    /** Linear probing's deletion: the entries after the hole that would not be found past it move back into it. */
    private void deleteHolderSlot(int hole) {
        int mask = holderIndex.length - 1;
        holderIndex[hole] = 0;
        for (int slot = (hole + 1) & mask; holderIndex[slot] != 0; slot = (slot + 1) & mask) {
            int entry = holderIndex[slot] - 1;
            int home = (int) holderKeys[4 * entry] & mask;
            // The entry may fill the hole unless its home lies cyclically in (hole, slot].
            boolean homeBetween = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
            if (!homeBetween) {
                holderIndex[hole] = holderIndex[slot];
                holderIndex[slot] = 0;
                hole = slot;
            }
        }
    }
}
