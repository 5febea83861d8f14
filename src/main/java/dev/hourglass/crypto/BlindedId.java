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

    /** Never print the value: even blinded, an id must not end up in a log line. */
    @Override
    public String toString() {
        return "BlindedId[redacted]";
    }
}
