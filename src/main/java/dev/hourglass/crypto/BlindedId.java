package dev.hourglass.crypto;

/**
 * An identifier as the server keeps it: HMAC-SHA256 under the server's blinding key, held as four longs
 * so that it is a compact map key with value equality and no array behind it.
 */
public record BlindedId(long a, long b, long c, long d) {

    static BlindedId of(byte[] mac) {
        return new BlindedId(longAt(mac, 0), longAt(mac, 8), longAt(mac, 16), longAt(mac, 24));
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xffL);
        }
        return value;
    }

    /**
     * Written out rather than left to the record's generated method handles, which the JIT did not fully inline on
     * the registration path, where every map lookup compares ids.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof BlindedId other && a == other.a && b == other.b && c == other.c && d == other.d;
    }

    /** The id is an HMAC output, uniformly distributed: its first word is as good a hash as any mix of all four. */
    @Override
    public int hashCode() {
        return Long.hashCode(a);
    }

    /** Never print the value: even blinded, an id must not end up in a log line. */
    @Override
    public String toString() {
        return "BlindedId[redacted]";
    }
}
