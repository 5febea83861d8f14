package dev.hourglass.cluster.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seals relayed messages while they cross Redis: SDP with its ICE candidates (addresses), room fields, stamped contact
 * keys are client data, and Redis (its MONITOR, its network) must not see them. AES-256-GCM under a key per origin
 * node, derived from the cluster's shared key and the node's id (random at each start), so that a counter is a unique
 * nonce without any coordination; the channel's name is authenticated with it, so a message cannot be moved to another
 * channel. Receivers derive and keep the key of each node they hear from (bounded).
 */
final class TransitSeal {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;

    private final SecretKeySpec master;
    private final SecretKeySpec own;
    private final AtomicLong counter = new AtomicLong();
    private final Cache<String, SecretKeySpec> origins = Caffeine.newBuilder().maximumSize(1024).executor(Runnable::run).build();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    /** @param sharedKey 32 bytes every instance of the cluster derives alike (from the blinding key) */
    TransitSeal(byte[] sharedKey, String self) {
        this.master = new SecretKeySpec(sharedKey, "HmacSHA256");
        this.own = keyOf(self);
    }

    private SecretKeySpec keyOf(String node) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(master);
            return new SecretKeySpec(mac.doFinal(node.getBytes(StandardCharsets.US_ASCII)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Nonce, ciphertext and tag, appended to {@code out}. */
    void seal(String channel, Buffer plain, Buffer out) {
        byte[] nonce = new byte[NONCE_BYTES];
        long n = counter.incrementAndGet();
        for (int i = 0; i < Long.BYTES; i++) {
            nonce[NONCE_BYTES - 1 - i] = (byte) (n >>> (8 * i));
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, own, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(channel.getBytes(StandardCharsets.US_ASCII));
            out.appendBytes(nonce).appendBytes(cipher.doFinal(plain.getBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal", e);
        }
    }

    /** The message as sealed by {@code origin} for this channel, or null when it does not open (not ours, altered). */
    Buffer open(String origin, String channel, Buffer sealed) {
        if (sealed.length() < NONCE_BYTES + TAG_BYTES) {
            return null;
        }
        byte[] bytes = sealed.getBytes();
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, origins.get(origin, this::keyOf), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(channel.getBytes(StandardCharsets.US_ASCII));
            return Buffer.buffer(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES));
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to open", e);
        }
    }
}
