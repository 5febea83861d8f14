package dev.hourglass.crypto;

import jakarta.inject.Singleton;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The server's Ed25519 key (w2w's sigB): its public half is published at GET /config, and the server signs a client's
 * nonce with it, so that the client knows it reached the server it trusts and not only some TLS endpoint. The signed
 * bytes name their purpose, so that this signature can never stand for anything else.
 */
@Singleton
public class ServerIdentity {

    private static final byte[] PROOF_DOMAIN = "hourglass server proof v1\0".getBytes(StandardCharsets.US_ASCII);

    private final Ed25519PrivateKeyParameters key;
    private final String publicKey;

    public ServerIdentity(IdentityConfig config) {
        // Made here, at run time (a native image builds no bean at build time): a random key is never in the image.
        this.key = config.key().map(ServerIdentity::decode).map(seed -> new Ed25519PrivateKeyParameters(seed, 0))
                .orElseGet(() -> new Ed25519PrivateKeyParameters(new SecureRandom()));
        this.publicKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key.generatePublicKey().getEncoded());
    }

    /** The public key, 32 bytes in base64url without padding. */
    public String publicKey() {
        return publicKey;
    }

    /** The signature, base64url, over the proof domain and the client's nonce. */
    public String prove(byte[] nonce) {
        byte[] message = proofMessage(nonce);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
    }

    /** The bytes a client checks the signature over. */
    public static byte[] proofMessage(byte[] nonce) {
        byte[] message = Arrays.copyOf(PROOF_DOMAIN, PROOF_DOMAIN.length + nonce.length);
        System.arraycopy(nonce, 0, message, PROOF_DOMAIN.length, nonce.length);
        return message;
    }

    private static byte[] decode(String text) {
        String trimmed = text.trim();
        byte[] seed;
        try {
            seed = trimmed.contains("+") || trimmed.contains("/") ? Base64.getDecoder().decode(trimmed)
                    : Base64.getUrlDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hourglass.identity.key is not valid base64url");
        }
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("hourglass.identity.key must decode to 32 bytes");
        }
        return seed;
    }
}
