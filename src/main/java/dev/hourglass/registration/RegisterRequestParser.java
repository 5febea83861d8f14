package dev.hourglass.registration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.hourglass.json.JsonLimits;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.hourglass.crypto.Ed25519Keys;
import dev.hourglass.crypto.Hex;
import dev.hourglass.problem.Problem;
import dev.hourglass.problem.ProblemException;
import dev.hourglass.time.TimeUnits;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a POST /register body into a {@link RegisterCommand}, or a problem that names the field and the rule.
 * <p>
 * One streaming pass over the bytes, no JSON tree: identifiers are decoded straight from the parser's characters.
 * Field rules are checked only once the whole body has been read, so that the answer does not depend on the order
 * of the fields: a body that is not valid JSON is reported as such first, then the fields in a fixed order
 * (contact keys, user id, unit, public key), each with its first broken rule.
 */
@Singleton
class RegisterRequestParser {

    static final String CONTACT_KEYS = "ephemeralContactKeysList";
    static final String USER_ID = "tempEphemeralUserId";
    static final String HOUR_ID = "hourId";
    static final String PUBLIC_KEY = "publicKey";

    /** Up to this many keys, duplicates are found by comparing with each key before; past it, with a hash set. */
    private static final int LINEAR_DISTINCT_LIMIT = 8;

    private final JsonLimits limits;
    private final JsonFactory json;
    private final TimeUnits units;
    private final int maxContactKeys;

    RegisterRequestParser(JsonLimits limits, TimeUnits units, RegistrationConfig config) {
        this.limits = limits;
        this.json = limits.factory();
        this.units = units;
        this.maxContactKeys = config.maxContactKeys();
    }

    /** The body is {@code length} bytes of {@code body} from {@code offset}; a null or empty one is a problem too. */
    RegisterCommand parse(byte[] body, int offset, int length) {
        if (body == null || length == 0) {
            throw invalid("body", "a JSON body is required");
        }
        Fields fields = read(body, offset, length);
        List<byte[]> contactKeys = fields.contactKeys();
        byte[] user = fields.user();
        long unit = unit(fields.unit());
        byte[] publicKey = fields.publicKey();
        return new RegisterCommand(user, contactKeys, unit, publicKey);
    }

    private Fields read(byte[] body, int offset, int length) {
        Fields fields = new Fields(maxContactKeys);
        try (JsonParser parser = json.createParser(body, offset, length)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                throw invalid("body", "the body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case CONTACT_KEYS -> fields.readContactKeys(parser, value);
                    case USER_ID -> fields.readUser(parser, value);
                    case HOUR_ID -> fields.readUnit(parser, value);
                    case PUBLIC_KEY -> fields.readPublicKey(parser, value);
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser);
            return fields;
        } catch (StreamConstraintsException e) {
            throw invalid("body", "the body is " + limits.describe(e));
        } catch (JsonProcessingException e) {
            // The parser's own message can quote the body; only its position goes back.
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw invalid("body", "the body is not valid JSON" + where);
        } catch (IOException e) {
            throw invalid("body", "the body could not be read as JSON");
        }
    }

    /** Anything after the top-level value makes the body invalid JSON (an unexpected end already failed in the parser). */
    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw invalid("body", "the body is not valid JSON: content follows the top-level value");
        }
    }

    private long unit(long value) {
        OptionalLong accepted = units.accept(value);
        if (accepted.isEmpty()) {
            long current = units.current();
            throw new ProblemException(Problem.invalidField(HOUR_ID, HOUR_ID + " is not the current or the previous unit; accepted now: "
                    + current + " or " + (current - 1) + " (or their start in epoch seconds: " + current * units.unitSeconds()
                    + " or " + (current - 1) * units.unitSeconds() + ")").withAccepted(List.of(current, current - 1)));
        }
        return accepted.getAsLong();
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalidField(field, detail));
    }

    /**
     * What one pass found, field by field: the value, or the first rule it broke. A field absent or null is
     * reported when it is asked for, not while reading, so that a syntax error later in the body comes first.
     */
    private static final class Fields {

        private final int maxContactKeys;
        private List<byte[]> contactKeys;
        private Set<ByteBuffer> distinctContactKeys;
        private ProblemException contactKeysProblem;
        private byte[] user;
        private ProblemException userProblem;
        private Long unit;
        private ProblemException unitProblem;
        private byte[] publicKey;
        private ProblemException publicKeyProblem;

        Fields(int maxContactKeys) {
            this.maxContactKeys = maxContactKeys;
        }

        void readContactKeys(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value != JsonToken.START_ARRAY) {
                contactKeysProblem = invalid(CONTACT_KEYS, CONTACT_KEYS + " must be an array of strings");
                parser.skipChildren();
                return;
            }
            contactKeys = new ArrayList<>();
            JsonToken element;
            for (int i = 0; (element = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
                if (contactKeysProblem != null) {
                    parser.skipChildren();
                    continue;
                }
                if (element != JsonToken.VALUE_STRING) {
                    contactKeysProblem = invalidElement(i, " must be a string");
                    parser.skipChildren();
                    continue;
                }
                byte[] key = id(parser);
                if (key == null) {
                    contactKeysProblem = invalidElement(i, " must be exactly 64 lowercase hex characters");
                } else if (isNew(key)) {
                    contactKeys.add(key);
                }
            }
        }

        private static ProblemException invalidElement(int index, String rule) {
            String field = CONTACT_KEYS + "[" + index + "]";
            return invalid(field, field + rule);
        }

        private boolean isNew(byte[] key) {
            if (distinctContactKeys != null) {
                return distinctContactKeys.add(ByteBuffer.wrap(key));
            }
            for (byte[] earlier : contactKeys) {
                if (Arrays.equals(earlier, key)) {
                    return false;
                }
            }
            if (contactKeys.size() == LINEAR_DISTINCT_LIMIT) {
                distinctContactKeys = new HashSet<>();
                contactKeys.forEach(earlier -> distinctContactKeys.add(ByteBuffer.wrap(earlier)));
                distinctContactKeys.add(ByteBuffer.wrap(key));
            }
            return true;
        }

        void readUser(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value != JsonToken.VALUE_STRING) {
                userProblem = invalid(USER_ID, USER_ID + " must be a string");
                parser.skipChildren();
                return;
            }
            user = id(parser);
            if (user == null) {
                userProblem = invalid(USER_ID, USER_ID + " must be exactly 64 lowercase hex characters");
            }
        }

        void readUnit(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                unit = parser.getLongValue();
                return;
            }
            unitProblem = invalid(HOUR_ID, HOUR_ID + " must be an integer");
            parser.skipChildren();
        }

        void readPublicKey(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (value != JsonToken.VALUE_STRING) {
                publicKeyProblem = invalid(PUBLIC_KEY, PUBLIC_KEY + " must be a string");
                parser.skipChildren();
                return;
            }
            publicKey = Ed25519Keys.parsePublicKey(parser.getText()).orElse(null);
            if (publicKey == null) {
                publicKeyProblem = invalid(PUBLIC_KEY,
                        PUBLIC_KEY + " must be a base64url Ed25519 public key (32 bytes, a valid curve point)");
            }
        }

        private static byte[] id(JsonParser parser) throws IOException {
            return Hex.decodeIdOrNull(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }

        List<byte[]> contactKeys() {
            List<byte[]> keys = checked(contactKeysProblem, contactKeys, CONTACT_KEYS);
            if (keys.isEmpty() || keys.size() > maxContactKeys) {
                throw invalid(CONTACT_KEYS, CONTACT_KEYS + " must hold 1 to " + maxContactKeys + " distinct keys, it holds "
                        + keys.size());
            }
            return keys;
        }

        byte[] user() {
            return checked(userProblem, user, USER_ID);
        }

        long unit() {
            return checked(unitProblem, unit, HOUR_ID);
        }

        /** Optional: null when absent. */
        byte[] publicKey() {
            return checked(publicKeyProblem, publicKey, null);
        }

        /** The value read for a field, unless it broke a rule; a required field that was absent or null is a problem too. */
        private static <T> T checked(ProblemException problem, T value, String requiredField) {
            if (problem != null) {
                throw problem;
            }
            if (value == null && requiredField != null) {
                throw invalid(requiredField, requiredField + " is required");
            }
            return value;
        }
    }
}
