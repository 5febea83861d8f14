package dev.hourglass.crypto;

import java.util.Base64;

/**
 * An identifier as the server keeps it: HMAC-SHA256 under the server's blinding key, held as four longs
 * so that it is a compact map key with value equality and no array behind it.
 */
public record BlindedId(long a, long b, long c, long d) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

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

    /** The 32 bytes in base64url without padding (43 characters): how a shared store names it. */
    public String encoded() {
        byte[] bytes = new byte[32];
        long[] words = {a, b, c, d};
        for (int w = 0; w < 4; w++) {
            for (int i = 0; i < 8; i++) {
                bytes[w * 8 + i] = (byte) (words[w] >>> (56 - 8 * i));
            }
        }
        return ENCODER.encodeToString(bytes);
    }

    /** The id {@link #encoded} wrote; IllegalArgumentException for anything else. */
    public static BlindedId decode(String encoded) {
        byte[] bytes = DECODER.decode(encoded);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a blinded id is 32 bytes");
        }
        return of(bytes);
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
