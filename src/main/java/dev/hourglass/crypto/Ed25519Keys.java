package dev.hourglass.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.Base64;
import java.util.Optional;

/** Ed25519 through BouncyCastle's lightweight API: no JCA provider to register, nothing for a native image to reflect on. */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /** Decodes a base64url public key (padding optional) and checks it is a valid point of full order. */
    public static Optional<byte[]> parsePublicKey(String base64url) {
        byte[] key = decodeBase64Url(base64url);
        if (key == null || key.length != Ed25519.PUBLIC_KEY_SIZE || !Ed25519.validatePublicKeyFull(key, 0)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    public static boolean verify(byte[] publicKey, byte[] message, String base64urlSignature) {
        byte[] signature = decodeBase64Url(base64urlSignature);
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /** Null for anything that is not base64url; callers turn that into their own error. */
    static byte[] decodeBase64Url(String text) {
        if (text == null || text.length() > 128) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
