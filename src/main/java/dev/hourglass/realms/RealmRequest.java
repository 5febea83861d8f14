package dev.hourglass.realms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.crypto.Ed25519Keys;
import dev.hourglass.json.JsonLimits;
import dev.hourglass.signaling.ErrorCode;
import dev.hourglass.signaling.SignalingException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a realm control message (create, auth, accept, invite, server-proof), read as a tree: these are rare
 * and small, unlike relayed signals, whose bytes are never parsed beyond the envelope. Each accessor refuses a
 * missing or malformed field with an error frame that names it.
 */
final class RealmRequest {

    private final JsonNode body;

    private RealmRequest(JsonNode body) {
        this.body = body;
    }

    /** The message was already read once by the envelope reader within the same limits; this cannot fail on JSON. */
    static RealmRequest read(ObjectMapper json, JsonLimits limits, byte[] message) {
        try {
            return new RealmRequest(json.readTree(message));
        } catch (IOException e) {
            throw new SignalingException(ErrorCode.BAD_JSON, limits.reason(e));
        }
    }

    /** A realm id: 43 base64url characters. */
    String realm() {
        String realm = text("realm");
        if (realm.length() != RealmProofs.REALM_ID_LENGTH || RealmProofs.decode(realm, 32, 32) == null) {
            throw bad("realm must be a realm id (43 base64url characters)");
        }
        return realm;
    }

    /** A valid Ed25519 public key (base64url, 32 bytes, a point of full order). */
    byte[] key(String field) {
        return Ed25519Keys.parsePublicKey(text(field)).orElseThrow(() -> bad(field + " must be an Ed25519 public key (32 bytes, base64url)"));
    }

    boolean has(String field) {
        return body.hasNonNull(field);
    }

    /** base64url bytes within the bounds. */
    byte[] bytes(String field, int min, int max) {
        byte[] bytes = RealmProofs.decode(text(field), min, max);
        if (bytes == null) {
            throw bad(field + " must be " + min + " to " + max + " bytes in base64url");
        }
        return bytes;
    }

    /** A signature: 64 bytes in base64url (checked again when verified). */
    String signature(String field) {
        String signature = text(field);
        if (RealmProofs.decode(signature, 64, 64) == null) {
            throw bad(field + " must be an Ed25519 signature (64 bytes, base64url)");
        }
        return signature;
    }

    /** The chain of admissions, at most {@code max} links, each a valid key and a signature. */
    List<Admission> chain(int max) {
        JsonNode chain = body.get("chain");
        if (chain == null || chain.isNull()) {
            return List.of();
        }
        if (!chain.isArray()) {
            throw bad("chain must be an array of {key, signature}");
        }
        if (chain.size() > max) {
            throw bad("chain holds more than " + max + " admissions");
        }
        List<Admission> links = new ArrayList<>(chain.size());
        for (JsonNode link : chain) {
            JsonNode key = link.get("key");
            JsonNode signature = link.get("signature");
            if (key == null || !key.isTextual() || signature == null || !signature.isTextual()
                    || Ed25519Keys.parsePublicKey(key.asText()).isEmpty() || RealmProofs.decode(signature.asText(), 64, 64) == null) {
                throw bad("each admission of chain is {key, signature}: an Ed25519 key and a signature in base64url");
            }
            links.add(new Admission(key.asText(), signature.asText()));
        }
        return links;
    }

    /** A whole number of seconds within the bounds, or the fallback when absent. */
    long seconds(String field, long max, long fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > max) {
            throw bad(field + " must be a whole number of seconds from 1 to " + max);
        }
        return value.asLong();
    }

    private String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw bad(field + " is required (a string)");
        }
        return value.asText();
    }

    private static SignalingException bad(String message) {
        return new SignalingException(ErrorCode.BAD_MESSAGE, message);
    }
}
