package dev.hourglass.crypto;

/** Strict lowercase hex, the only form of identifier the protocol accepts. */
public final class Hex {

    /** A 256-bit HMAC output written as lowercase hex. */
    public static final int ID_CHARS = 64;

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /**
     * The value of each ASCII character as a lowercase hex digit, -1 for any other. A table rather than two range
     * tests: identifiers are random, so a digit and a letter alternate unpredictably and branches would mispredict.
     */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
        }
    }

    private Hex() {
    }

    /** True for exactly 64 characters of [0-9a-f]. */
    public static boolean isId(String s) {
        if (s == null || s.length() != ID_CHARS) {
            return false;
        }
        for (int i = 0; i < ID_CHARS; i++) {
            if (value(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes an identifier already checked with {@link #isId}. */
    public static byte[] decodeId(String s) {
        byte[] out = new byte[ID_CHARS / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((value(s.charAt(2 * i)) << 4) | value(s.charAt(2 * i + 1)));
        }
        return out;
    }

    /**
     * Decodes an identifier from characters as a streaming JSON parser hands them over, without making a String;
     * null when they are not exactly 64 characters of [0-9a-f].
     */
    public static byte[] decodeIdOrNull(char[] text, int offset, int length) {
        if (length != ID_CHARS) {
            return null;
        }
        byte[] out = new byte[ID_CHARS / 2];
        for (int i = 0; i < out.length; i++) {
            int high = value(text[offset + 2 * i]);
            int low = value(text[offset + 2 * i + 1]);
            if ((high | low) < 0) {
                return null;
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }

    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static int value(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }
}
