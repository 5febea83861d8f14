package dev.hourglass.support;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.SecureRandom;
import java.util.Base64;

/** A client's Ed25519 key pair, as the browser would hold it. */
public final class Ed25519TestKey {

    private final Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());

    public String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(privateKey.generatePublicKey().getEncoded());
    }

    public byte[] publicKeyBytes() {
        return privateKey.generatePublicKey().getEncoded();
    }

    public String sign(String base64urlMessage) {
        return sign(Base64.getUrlDecoder().decode(base64urlMessage));
    }

    /** The signature of these bytes, base64url. */
    public String sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature());
    }
}
