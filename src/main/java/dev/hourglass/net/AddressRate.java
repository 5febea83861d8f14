package dev.hourglass.net;


import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Requests per client address and second: registrations (so that one address cannot fill the server's cap of live
 * registrations for everyone else) and new WebSocket connections (so that one address cannot spend the server's
 * upgrades, each a handshake and a few kilobytes, faster than a client ever needs).
 * <p>
 * A fixed table of buckets, each one long updated by compare-and-set with the generic cell rate algorithm: the bucket
 * holds the theoretical arrival time of the next request, and a request is let through while that time is no more than
 * a burst's worth of intervals ahead of now. Memory is the table's and nothing else, whatever the number of addresses;
 * nothing is allocated per request. Addresses are hashed into the table with a key made at start-up, so which
 * addresses share a bucket cannot be known from outside, and an address never appears in the table itself.
 */
public final class AddressRate {

    /** Buckets: 512 KiB of longs. Two addresses share one now and then, and then they share its allowance. */
    static final int BUCKETS = 1 << 16;

    private final AtomicLongArray nextAllowed = new AtomicLongArray(BUCKETS);
    private final long intervalNanos;
    private final long toleranceNanos;
    private final long hashKey;
    private final LongSupplier nanoTime;
    /** Times are counted from just before the limiter was made: every one is positive, so an unused bucket (0) is long past. */
    private final long origin;

    /** @param what the configuration keys, for the message when they are out of range */
    public AddressRate(int perSecond, int burst, String what) {
        this(perSecond, burst, System::nanoTime, what);
    }

    AddressRate(int perSecond, int burst, LongSupplier nanoTime, String what) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException(what + " must be at least 1");
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = intervalNanos * (burst - 1);
        this.hashKey = new SecureRandom().nextLong() | 1;
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong() - 1;
    }

    /**
     * Takes one request's allowance for the address: 0 when it may go ahead, otherwise the nanoseconds until it
     * could.
     */
    public long acquire(String address) {
        int bucket = bucket(address);
        long now = nanoTime.getAsLong() - origin;
        while (true) {
            long stored = nextAllowed.get(bucket);
            long theoretical = Math.max(stored, now);
            long ahead = theoretical - now;
            if (ahead > toleranceNanos) {
                return ahead - toleranceNanos;
            }
            if (nextAllowed.compareAndSet(bucket, stored, theoretical + intervalNanos)) {
                return 0;
            }
        }
    }

    /** The whole seconds, at least one, until an allowance that is {@code waitNanos} away: a Retry-After value. */
    public static String retryAfterSeconds(long waitNanos) {
        return Long.toString(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
    }

    /** A polynomial hash under a secret odd multiplier, then a mix: collisions cannot be planned without the key. */
    private int bucket(String address) {
        long h = 0;
        for (int i = 0; i < address.length(); i++) {
            h = (h + address.charAt(i)) * hashKey;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) h & (BUCKETS - 1);
    }
}
