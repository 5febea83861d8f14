package dev.hourglass.crypto;

import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals a value that a shared store must keep but must not show (a registration's public key, which would link a
 * user's registrations across units in a dump of Redis): AES-256-GCM under a key derived from the blinding key, so
 * that every instance of a cluster opens what another sealed. The nonce is derived from the value (a synthetic IV,
 * HMAC-SHA256 under a second derived key): the same value seals alike, so a store can compare sealed values, and
 * reveals no more than that equality, as blinding does.
 */
@Singleton
public class Sealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec encryption;
    private final SecretKeySpec nonces;

    public Sealer(Blinder blinder) {
        this.encryption = new SecretKeySpec(blinder.derive("seal"), "AES");
        this.nonces = new SecretKeySpec(blinder.derive("seal nonce"), "HmacSHA256");
    }

    /** The sealed value in base64url: nonce, ciphertext and tag; for a 32-byte value, 80 characters. */
    public String seal(byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(nonces);
            byte[] nonce = Arrays.copyOf(mac.doFinal(value), NONCE_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(value);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return ENCODER.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The value {@link #seal} sealed; IllegalArgumentException when it was not sealed with this key. */
    public byte[] open(String sealed) {
        byte[] in = DECODER.decode(sealed);
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("too short to be sealed");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("not sealed with this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
