package dev.hourglass.support;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** Fresh identifiers for tests, so tests sharing one running app never see each other's state. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** 64 lowercase hex characters, like an HMAC-SHA256 output. */
    public static String id() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static long currentHour() {
        return Instant.now().getEpochSecond() / 3600;
    }

    public static long hourOf(Instant instant) {
        return instant.getEpochSecond() / 3600;
    }
}
