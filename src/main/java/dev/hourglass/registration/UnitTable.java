package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One unit's registrations and its holder index, in flat primitive arrays changed in place: a registration leaves
 * no object of its own behind (the public key's 32 bytes aside), so a unit's start, when every client registers new
 * ids that all stay for two units, does not fill the old generation with small objects for the collector to copy and
 * trace. The arrays grow by chunks, never copied, and die with the unit.
 * <p>
 * Users: entry {@code e} (stable, never removed: a unit's registrations end with the unit) has its id, its contact
 * keys in a region of the key pool (reused in place when a new registration has no more keys than the region holds),
 * and its public key. Holder index: entry {@code h} has a contact key and up to {@code maxHolders} user entries, oldest first; an entry whose last holder
 * leaves is removed (backward-shift deletion, the entry number reused), so the index is bounded by the live keys.
 * Both indexes are open-addressing tables with linear probing, at most half full, hashed by the id's first word (the
 * ids are HMAC outputs: uniform).
 * <p>
 * Invariant: a user appears among the holders of exactly the contact keys of its registration, oldest holders
 * dropped past the cap. Every method holds the table's monitor; each does a bounded amount of work (at most
 * {@code max-contact-keys} keys times {@code max-holders-per-key} holders), none blocks.
 */
final class UnitTable {

    /**
     * Entries live in chunks of this many, allocated as the table grows and never copied: growth costs no copy of
     * what is stored and no allocation large enough to force a full collection; only the indexes (ints) double.
     */
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;
    private static final int FIRST_INDEX = 1024;

    private final int maxHolders;

    // Users, by entry: id (4 longs), where its contact keys are in the pool, how many, the room there, public key.
    private long[][] userIds = new long[1][];
    private int[][] keysAt = new int[1][];
    private short[][] keysCount = new short[1][];
    private short[][] keysRoom = new short[1][];
    private byte[][][] publicKeys = new byte[1][][];
    private int users;
    private int[] userIndex = new int[FIRST_INDEX];
    private volatile int size;

    // Contact keys of the users, four longs each, in chunks of CHUNK keys; a region never spans two chunks.
    private long[][] keyPool = new long[1][];
    private int poolUsed;

    // Holder index, by entry: contact key (4 longs), up to maxHolders user entries (oldest first), their count.
    private long[][] holderKeys = new long[1][];
    private int[][] holders = new int[1][];
    private short[][] holderCount = new short[1][];
    private int holderEntries;
    private int liveHolderEntries;
    private int[] freeHolderEntries = new int[16];
    private int freeHolders;
    private int[] holderIndex = new int[FIRST_INDEX];

    UnitTable(int maxHolders) {
        this.maxHolders = maxHolders;
    }

    /** Registrations in the table; read without the lock. */
    int size() {
        return size;
    }

    enum Result { REGISTERED, CONFLICT, FULL }

    /**
     * Registers, or replaces the contact keys (and public key) of the user's earlier registration: no takeover of a
     * registration that has a public key by another key or none; a new user only while {@code mayAdd} says so (asked
     * only for a new user, since an existing one may always register again).
     */
    synchronized Result register(Registration registration, BooleanSupplier mayAdd) {
        BlindedId user = registration.user();
        int entry = findUser(user);
        byte[] publicKey = registration.publicKey();
        if (entry >= 0) {
            byte[] stored = publicKeys[entry >>> CHUNK_BITS][entry & MASK];
            if (stored != null && !Arrays.equals(stored, publicKey)) {
                return Result.CONFLICT;
            }
        } else {
            if (!mayAdd.getAsBoolean()) {
                return Result.FULL;
            }
            entry = addUser(user);
        }
        int chunk = entry >>> CHUNK_BITS;
        int slot = entry & MASK;
        Set<BlindedId> next = registration.contactKeys();
        // Keys the new registration drops lose this holder; the ones it keeps are moved to newest by addHolder.
        int at = keysAt[chunk][slot];
        long[] pool = at < 0 ? null : keyPool[at >>> CHUNK_BITS];
        for (int i = 0; i < keysCount[chunk][slot]; i++) {
            int word = 4 * ((at & MASK) + i);
            if (!next.contains(new BlindedId(pool[word], pool[word + 1], pool[word + 2], pool[word + 3]))) {
                removeHolder(pool[word], pool[word + 1], pool[word + 2], pool[word + 3], entry);
            }
        }
        if (next.size() > keysRoom[chunk][slot]) {
            int room = Math.min(CHUNK, Math.max(next.size(), 2 * keysRoom[chunk][slot]));
            at = reservePool(room);
            keysAt[chunk][slot] = at;
            keysRoom[chunk][slot] = (short) room;
            pool = keyPool[at >>> CHUNK_BITS];
        }
        int i = 0;
        for (BlindedId key : next) {
            int word = 4 * ((at & MASK) + i++);
            pool[word] = key.a();
            pool[word + 1] = key.b();
            pool[word + 2] = key.c();
            pool[word + 3] = key.d();
            addHolder(key.a(), key.b(), key.c(), key.d(), entry);
        }
        keysCount[chunk][slot] = (short) next.size();
        if (publicKeys[chunk][slot] == null && publicKey != null) {
            publicKeys[chunk][slot] = publicKey;
        }
        return Result.REGISTERED;
    }

    /** The user's registration, rebuilt from the arrays (a hello needs it, rarely compared to registrations); or null. */
    synchronized Registration find(BlindedId user, long unit, Instant expiresAt) {
        int entry = findUser(user);
        if (entry < 0) {
            return null;
        }
        int chunk = entry >>> CHUNK_BITS;
        int slot = entry & MASK;
        int count = keysCount[chunk][slot];
        Set<BlindedId> keys = new HashSet<>(2 * count);
        int at = keysAt[chunk][slot];
        for (int i = 0; i < count; i++) {
            long[] pool = keyPool[at >>> CHUNK_BITS];
            int word = 4 * ((at & MASK) + i);
            keys.add(new BlindedId(pool[word], pool[word + 1], pool[word + 2], pool[word + 3]));
        }
        return new Registration(user, unit, keys, publicKeys[chunk][slot], expiresAt);
    }

    /** The users holding the key, oldest first. */
    synchronized List<BlindedId> holders(BlindedId key) {
        int slot = findHolderSlot(key.a(), key.b(), key.c(), key.d());
        if (slot < 0) {
            return List.of();
        }
        int entry = holderIndex[slot] - 1;
        int[] list = holders[entry >>> CHUNK_BITS];
        int base = (entry & MASK) * maxHolders;
        int count = holderCount[entry >>> CHUNK_BITS][entry & MASK];
        List<BlindedId> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int user = list[base + i];
            long[] ids = userIds[user >>> CHUNK_BITS];
            int word = 4 * (user & MASK);
            out.add(new BlindedId(ids[word], ids[word + 1], ids[word + 2], ids[word + 3]));
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
            long[] ids = userIds[entry >>> CHUNK_BITS];
            int word = 4 * (entry & MASK);
            if (ids[word] == user.a() && ids[word + 1] == user.b() && ids[word + 2] == user.c() && ids[word + 3] == user.d()) {
                return entry;
            }
        }
    }

    private long userHash(int entry) {
        return userIds[entry >>> CHUNK_BITS][4 * (entry & MASK)];
    }

    private int addUser(BlindedId user) {
        int entry = users;
        int chunk = entry >>> CHUNK_BITS;
        if ((entry & MASK) == 0) {
            if (chunk == userIds.length) {
                int chunks = 2 * chunk;
                userIds = Arrays.copyOf(userIds, chunks);
                keysAt = Arrays.copyOf(keysAt, chunks);
                keysCount = Arrays.copyOf(keysCount, chunks);
                keysRoom = Arrays.copyOf(keysRoom, chunks);
                publicKeys = Arrays.copyOf(publicKeys, chunks);
            }
            userIds[chunk] = new long[4 * CHUNK];
            keysAt[chunk] = new int[CHUNK];
            Arrays.fill(keysAt[chunk], -1);
            keysCount[chunk] = new short[CHUNK];
            keysRoom[chunk] = new short[CHUNK];
            publicKeys[chunk] = new byte[CHUNK][];
        }
        if (2 * (users + 1) > userIndex.length) {
            int[] grown = new int[2 * userIndex.length];
            for (int e = 0; e < users; e++) {
                insert(grown, userHash(e), e);
            }
            userIndex = grown;
        }
        users++;
        long[] ids = userIds[chunk];
        int word = 4 * (entry & MASK);
        ids[word] = user.a();
        ids[word + 1] = user.b();
        ids[word + 2] = user.c();
        ids[word + 3] = user.d();
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

    /** Room for {@code keys} contact keys, within one chunk of the pool; returns where (chunk and offset in one int). */
    private int reservePool(int keys) {
        if ((poolUsed & MASK) + keys > CHUNK) {
            poolUsed = ((poolUsed >>> CHUNK_BITS) + 1) << CHUNK_BITS; // the rest of this chunk is too short: the next one
        }
        int chunk = poolUsed >>> CHUNK_BITS;
        if (chunk == keyPool.length) {
            keyPool = Arrays.copyOf(keyPool, 2 * chunk);
        }
        if (keyPool[chunk] == null) {
            keyPool[chunk] = new long[4 * CHUNK];
        }
        int at = poolUsed;
        poolUsed += keys;
        return at;
    }

    // Holder index.

    private int findHolderSlot(long a, long b, long c, long d) {
        int mask = holderIndex.length - 1;
        for (int slot = (int) a & mask; ; slot = (slot + 1) & mask) {
            int entry = holderIndex[slot] - 1;
            if (entry < 0) {
                return -1 - slot;
            }
            long[] keys = holderKeys[entry >>> CHUNK_BITS];
            int word = 4 * (entry & MASK);
            if (keys[word] == a && keys[word + 1] == b && keys[word + 2] == c && keys[word + 3] == d) {
                return slot;
            }
        }
    }

    private long holderHash(int entry) {
        return holderKeys[entry >>> CHUNK_BITS][4 * (entry & MASK)];
    }

    /** Makes the user the newest holder of the key (moving it if it held the key already), dropping the oldest past the cap. */
    private void addHolder(long a, long b, long c, long d, int user) {
        int slot = findHolderSlot(a, b, c, d);
        int entry = slot >= 0 ? holderIndex[slot] - 1 : newHolderEntry(a, b, c, d);
        int[] list = holders[entry >>> CHUNK_BITS];
        short[] counts = holderCount[entry >>> CHUNK_BITS];
        int base = (entry & MASK) * maxHolders;
        int count = counts[entry & MASK];
        if (count > 0 && list[base + count - 1] == user) {
            return; // already the newest
        }
        int at = indexOf(list, base, count, user);
        if (at >= 0) {
            System.arraycopy(list, base + at + 1, list, base + at, count - at - 1);
            list[base + count - 1] = user;
        } else if (count == maxHolders) {
            System.arraycopy(list, base + 1, list, base, count - 1);
            list[base + count - 1] = user;
        } else {
            list[base + count] = user;
            counts[entry & MASK] = (short) (count + 1);
        }
    }

    private void removeHolder(long a, long b, long c, long d, int user) {
        int slot = findHolderSlot(a, b, c, d);
        if (slot < 0) {
            return;
        }
        int entry = holderIndex[slot] - 1;
        int[] list = holders[entry >>> CHUNK_BITS];
        short[] counts = holderCount[entry >>> CHUNK_BITS];
        int base = (entry & MASK) * maxHolders;
        int count = counts[entry & MASK];
        int at = indexOf(list, base, count, user);
        if (at < 0) {
            return;
        }
        System.arraycopy(list, base + at + 1, list, base + at, count - at - 1);
        counts[entry & MASK] = (short) (count - 1);
        if (count == 1) {
            deleteHolderSlot(slot);
            if (freeHolders == freeHolderEntries.length) {
                freeHolderEntries = Arrays.copyOf(freeHolderEntries, 2 * freeHolders);
            }
            freeHolderEntries[freeHolders++] = entry;
            liveHolderEntries--;
        }
    }

    private static int indexOf(int[] list, int base, int count, int user) {
        for (int i = 0; i < count; i++) {
            if (list[base + i] == user) {
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
                    insert(grown, holderHash(entry), entry);
                }
            }
            holderIndex = grown;
        }
        int entry;
        if (freeHolders > 0) {
            entry = freeHolderEntries[--freeHolders];
        } else {
            entry = holderEntries++;
            int chunk = entry >>> CHUNK_BITS;
            if ((entry & MASK) == 0) {
                if (chunk == holderKeys.length) {
                    holderKeys = Arrays.copyOf(holderKeys, 2 * chunk);
                    holders = Arrays.copyOf(holders, 2 * chunk);
                    holderCount = Arrays.copyOf(holderCount, 2 * chunk);
                }
                holderKeys[chunk] = new long[4 * CHUNK];
                holders[chunk] = new int[CHUNK * maxHolders];
                holderCount[chunk] = new short[CHUNK];
            }
        }
        long[] keys = holderKeys[entry >>> CHUNK_BITS];
        int word = 4 * (entry & MASK);
        keys[word] = a;
        keys[word + 1] = b;
        keys[word + 2] = c;
        keys[word + 3] = d;
        holderCount[entry >>> CHUNK_BITS][entry & MASK] = 0;
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
            int home = (int) holderHash(entry) & mask;
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
