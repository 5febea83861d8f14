package dev.hourglass.crypto;

import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Blinds client identifiers with the server's own HMAC key, so that what the server holds in memory
 * cannot be matched against anything a client or observer ever saw on the wire.
 * <p>
 * Input: a one-byte domain ({@link Kind}), the unit index (8 bytes, big-endian) and the 32-byte identifier.
 * The unit is part of the input so that the same identifier in two units never blinds alike.
 * <p>
 * The key is made when the bean is created, at run time: a native image must not carry a key in its heap.
 */
@Singleton
public class Blinder {

    public enum Kind {
        USER((byte) 1), CONTACT_KEY((byte) 2), ROOM((byte) 3), RELAY_ROOM((byte) 4), YJS_TOPIC((byte) 5),
        REALM((byte) 6), IDENTITY((byte) 7), INVITATION((byte) 8);

        final byte tag;

        Kind(byte tag) {
            this.tag = tag;
        }
    }

    private static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEADER_BYTES = 1 + Long.BYTES;

    /**
     * The JDK's HMAC rather than BouncyCastle's: its SHA-256 is a HotSpot intrinsic (SHA-NI where the CPU has it),
     * several times faster on /register, which blinds every id it receives. Mac is not thread-safe: one per thread,
     * keyed once, with its own scratch buffers.
     */
    private final ThreadLocal<Scratch> scratch;

    private record Scratch(Mac mac, byte[] header, byte[] out) {
    }

    private final SecretKeySpec key;

    public Blinder(BlindingConfig config) {
        this.key = new SecretKeySpec(config.key().map(Blinder::decodeKey).orElseGet(Blinder::randomKey), ALGORITHM);
        this.scratch = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return new Scratch(mac, new byte[HEADER_BYTES], new byte[mac.getMacLength()]);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    /**
     * A key for another purpose, derived from the blinding key (HMAC of the purpose's name): every instance that
     * shares the blinding key derives the same one, and it tells nothing about the blinding key.
     */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(("hourglass derived key: " + purpose).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public BlindedId blind(Kind kind, long unit, byte[] id) {
        Scratch s = scratch.get();
        byte[] header = s.header();
        header[0] = kind.tag;
        for (int i = 0; i < Long.BYTES; i++) {
            header[1 + i] = (byte) (unit >>> (56 - 8 * i));
        }
        Mac mac = s.mac();
        mac.update(header);
        mac.update(id);
        try {
            mac.doFinal(s.out(), 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // the buffer has the MAC's own length
        }
        return BlindedId.of(s.out());
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hourglass.blinding.key is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("hourglass.blinding.key must decode to 32 bytes");
        }
        return key;
    }
}
