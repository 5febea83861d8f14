package dev.hourglass.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A realm client as docs/protocol.md describes one, written from the document and not from the server's code: the
 * realm id, identity id and signed messages built here must be what the server checks.
 */
public final class RealmWire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RealmWire() {
    }

    /** What a member's client keeps: the realm id, its founder's key and salt, and its own chain. */
    public record Charter(String realm, String founder, String salt) {
    }

    public record Link(String key, String signature) {
    }

    public static Charter found(Ed25519TestKey founder) {
        byte[] salt = random(16);
        return new Charter(realmId(founder.publicKeyBytes(), salt), founder.publicKey(), b64(salt));
    }

    public static String realmId(byte[] founderKey, byte[] salt) {
        return b64(sha256(ascii("hourglass realm id v1\0"), founderKey, salt));
    }

    public static String identityId(Ed25519TestKey key) {
        return b64(Arrays.copyOf(sha256(ascii("hourglass identity v1\0"), key.publicKeyBytes()), 16));
    }

    public static byte[] authMessage(String realm, byte[] nonce) {
        return concat(ascii("hourglass realm auth v1\0"), ascii(realm), new byte[1], nonce);
    }

    public static byte[] admissionMessage(String realm, byte[] key) {
        return concat(ascii("hourglass realm admission v1\0"), ascii(realm), new byte[1], key);
    }

    /** The admission of {@code invitee} signed by {@code admitter}. */
    public static Link admit(Charter charter, Ed25519TestKey admitter, Ed25519TestKey invitee) {
        return new Link(invitee.publicKey(), admitter.sign(admissionMessage(charter.realm(), invitee.publicKeyBytes())));
    }

    /** Asks for the connection's nonce. */
    public static byte[] challenge(WsClient client) throws Exception {
        JsonNode challenge = client.send("{\"type\":\"realm-challenge\"}").expect("realm-challenge");
        return Base64.getUrlDecoder().decode(challenge.path("nonce").asText());
    }

    public static String create(Charter charter, Ed25519TestKey founder, byte[] nonce) {
        ObjectNode message = JSON.createObjectNode().put("type", "realm-create").put("salt", charter.salt())
                .put("key", founder.publicKey()).put("proof", founder.sign(authMessage(charter.realm(), nonce)));
        return message.toString();
    }

    public static String auth(Charter charter, Ed25519TestKey key, List<Link> chain, byte[] nonce) {
        ObjectNode message = charterMessage("realm-auth", charter, key, nonce);
        ArrayNode links = message.putArray("chain");
        chain.forEach(link -> links.addObject().put("key", link.key()).put("signature", link.signature()));
        return message.toString();
    }

    public static String accept(Charter charter, Ed25519TestKey key, String invitation, byte[] nonce) {
        return charterMessage("realm-accept", charter, key, nonce).put("invitation", invitation).toString();
    }

    /** An invitation secret, as the link carries it. */
    public static String invitation() {
        return b64(random(32));
    }

    public static String invite(Charter charter, String invitation) {
        return JSON.createObjectNode().put("type", "realm-invite").put("realm", charter.realm()).put("invitation", invitation).toString();
    }

    public static String inviteBound(Charter charter, String invitation, Ed25519TestKey invitee, Link admission) {
        ObjectNode message = JSON.createObjectNode().put("type", "realm-invite").put("realm", charter.realm()).put("invitation", invitation)
                .put("key", invitee.publicKey());
        if (admission != null) {
            message.put("admission", admission.signature());
        }
        return message.toString();
    }

    public static List<Link> chainOf(JsonNode joined) {
        List<Link> chain = new ArrayList<>();
        joined.path("chain").forEach(link -> chain.add(new Link(link.path("key").asText(), link.path("signature").asText())));
        return chain;
    }

    private static ObjectNode charterMessage(String type, Charter charter, Ed25519TestKey key, byte[] nonce) {
        return JSON.createObjectNode().put("type", type).put("realm", charter.realm()).put("founder", charter.founder())
                .put("salt", charter.salt()).put("key", key.publicKey()).put("proof", key.sign(authMessage(charter.realm(), nonce)));
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
