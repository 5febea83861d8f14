package dev.hourglass.realms;

import dev.hourglass.crypto.Ed25519Keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What makes realm membership verifiable from what clients carry, with nothing stored: a realm id is a hash of its
 * founder's key and a salt (so the id names its founder and nobody else can found it), and a member is admitted by a
 * chain of signatures from the founder down to its key. Every signed message starts with its own domain, so that no
 * signature made for one purpose is good for another, or for another protocol.
 */
public final class RealmProofs {

    static final int KEY_BYTES = 32;
    static final int MIN_SALT = 16;
    static final int MAX_SALT = 32;
    static final int REALM_ID_LENGTH = 43;
    static final int IDENTITY_ID_LENGTH = 22;

    private static final byte[] REALM_DOMAIN = ascii("hourglass realm id v1\0");
    private static final byte[] IDENTITY_DOMAIN = ascii("hourglass identity v1\0");
    private static final byte[] AUTH_DOMAIN = ascii("hourglass realm auth v1\0");
    private static final byte[] ADMISSION_DOMAIN = ascii("hourglass realm admission v1\0");

    private RealmProofs() {
    }

    /** base64url(SHA-256(domain ‖ founder key ‖ salt)): 43 characters. */
    public static String realmId(byte[] founderKey, byte[] salt) {
        return encode(sha256(REALM_DOMAIN, founderKey, salt));
    }

    /** base64url of the first 16 bytes of SHA-256(domain ‖ key): 22 characters, the width of the cluster's ids. */
    public static String identityId(byte[] publicKey) {
        return encode(Arrays.copyOf(sha256(IDENTITY_DOMAIN, publicKey), 16));
    }

    /** What a member signs to authenticate: domain ‖ realm id ‖ 0 ‖ the connection's nonce. */
    public static byte[] authMessage(String realmId, byte[] nonce) {
        return concat(AUTH_DOMAIN, ascii(realmId), new byte[1], nonce);
    }

    /** What a member signs to admit a key: domain ‖ realm id ‖ 0 ‖ the admitted key. */
    public static byte[] admissionMessage(String realmId, byte[] admittedKey) {
        return concat(ADMISSION_DOMAIN, ascii(realmId), new byte[1], admittedKey);
    }

    /**
     * Whether the chain admits {@code member} to the realm founded by {@code founder}: empty for the founder itself,
     * otherwise each link signed by the key before it, starting with the founder's and ending with the member's.
     * Every signature is checked, whatever fails first, so that the time taken says nothing about where.
     */
    static boolean admits(String realmId, byte[] founder, List<Admission> chain, byte[] member) {
        byte[] signer = founder;
        boolean valid = true;
        for (Admission link : chain) {
            Optional<byte[]> admitted = Ed25519Keys.parsePublicKey(link.key());
            if (admitted.isEmpty()) {
                return false;
            }
            valid &= Ed25519Keys.verify(signer, admissionMessage(realmId, admitted.get()), link.signature());
            signer = admitted.get();
        }
        return valid & Arrays.equals(signer, member);
    }

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Null for anything that is not base64url of a length within the bounds. */
    static byte[] decode(String text, int minBytes, int maxBytes) {
        if (text == null || text.length() > (maxBytes * 4 + 2) / 3 + 2) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            return bytes.length < minBytes || bytes.length > maxBytes ? null : bytes;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
