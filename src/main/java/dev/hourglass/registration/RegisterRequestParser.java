package dev.hourglass.registration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hourglass.crypto.Ed25519Keys;
import dev.hourglass.crypto.Hex;
import dev.hourglass.problem.Problem;
import dev.hourglass.problem.ProblemException;
import dev.hourglass.time.TimeUnits;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Turns a POST /register body into a {@link RegisterCommand}, or a problem that names the field and the rule. */
@Singleton
class RegisterRequestParser {

    static final String CONTACT_KEYS = "ephemeralContactKeysList";
    static final String USER_ID = "tempEphemeralUserId";
    static final String HOUR_ID = "hourId";
    static final String PUBLIC_KEY = "publicKey";

    private final ObjectReader reader;
    private final TimeUnits units;
    private final int maxContactKeys;

    RegisterRequestParser(ObjectMapper mapper, TimeUnits units, RegistrationConfig config) {
        this.reader = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.units = units;
        this.maxContactKeys = config.maxContactKeys();
    }

    RegisterCommand parse(byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw invalid("body", "the body must be a JSON object");
        }
        List<byte[]> contactKeys = contactKeys(root.get(CONTACT_KEYS));
        byte[] user = id(USER_ID, root.get(USER_ID));
        long unit = unit(root.get(HOUR_ID));
        byte[] publicKey = publicKey(root.get(PUBLIC_KEY));
        return new RegisterCommand(user, contactKeys, unit, publicKey);
    }

    private JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("body", "a JSON body is required");
        }
        try {
            JsonNode root = reader.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw invalid("body", "a JSON body is required");
            }
            return root;
        } catch (JsonProcessingException e) {
            // The parser's own message can quote the body; only its position goes back.
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw invalid("body", "the body is not valid JSON" + where);
        } catch (IOException e) {
            throw invalid("body", "the body could not be read as JSON");
        }
    }

    private List<byte[]> contactKeys(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid(CONTACT_KEYS, CONTACT_KEYS + " is required");
        }
        if (!node.isArray()) {
            throw invalid(CONTACT_KEYS, CONTACT_KEYS + " must be an array of strings");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            distinct.add(validId(CONTACT_KEYS + "[" + i + "]", node.get(i)));
        }
        if (distinct.isEmpty() || distinct.size() > maxContactKeys) {
            throw invalid(CONTACT_KEYS, CONTACT_KEYS + " must hold 1 to " + maxContactKeys + " distinct keys, it holds "
                    + distinct.size());
        }
        List<byte[]> keys = new ArrayList<>(distinct.size());
        distinct.forEach(key -> keys.add(Hex.decodeId(key)));
        return keys;
    }

    private static byte[] id(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid(field, field + " is required");
        }
        return Hex.decodeId(validId(field, node));
    }

    /** The text of an identifier field: a string of exactly 64 lowercase hex characters. */
    private static String validId(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(field, field + " must be a string");
        }
        if (!Hex.isId(node.textValue())) {
            throw invalid(field, field + " must be exactly 64 lowercase hex characters");
        }
        return node.textValue();
    }

    private long unit(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid(HOUR_ID, HOUR_ID + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(HOUR_ID, HOUR_ID + " must be an integer");
        }
        OptionalLong accepted = units.accept(node.longValue());
        if (accepted.isEmpty()) {
            long current = units.current();
            throw new ProblemException(Problem.invalidField(HOUR_ID, HOUR_ID + " is not the current or the previous unit; accepted now: "
                    + current + " or " + (current - 1) + " (or their start in epoch seconds: " + current * units.unitSeconds()
                    + " or " + (current - 1) * units.unitSeconds() + ")").withAccepted(List.of(current, current - 1)));
        }
        return accepted.getAsLong();
    }

    private static byte[] publicKey(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(PUBLIC_KEY, PUBLIC_KEY + " must be a string");
        }
        return Ed25519Keys.parsePublicKey(node.textValue()).orElseThrow(() -> invalid(PUBLIC_KEY,
                PUBLIC_KEY + " must be a base64url Ed25519 public key (32 bytes, a valid curve point)"));
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalidField(field, detail));
    }
}
