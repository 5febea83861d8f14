package dev.hourglass.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

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
@ApplicationScoped
public class Blinder {

    public enum Kind {
        USER((byte) 1), CONTACT_KEY((byte) 2);

        final byte tag;

        Kind(byte tag) {
            this.tag = tag;
        }
    }

    private static final int KEY_BYTES = 32;

    /** HMac is not thread-safe; one per thread, keyed once (its inner and outer pads are precomputed). */
    private final ThreadLocal<HMac> macs;

    public Blinder(BlindingConfig config) {
        byte[] key = config.key().map(Blinder::decodeKey).orElseGet(Blinder::randomKey);
        this.macs = ThreadLocal.withInitial(() -> {
            HMac mac = new HMac(new SHA256Digest());
            mac.init(new KeyParameter(key));
            return mac;
        });
    }

    public BlindedId blind(Kind kind, long unit, byte[] id) {
        HMac mac = macs.get();
        mac.update(kind.tag);
        for (int shift = 56; shift >= 0; shift -= 8) {
            mac.update((byte) (unit >>> shift));
        }
        mac.update(id, 0, id.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return BlindedId.of(out);
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
