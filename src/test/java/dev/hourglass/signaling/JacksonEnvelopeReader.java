package dev.hourglass.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hourglass.json.JsonLimits;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The envelope reader of the first releases, on Jackson's streaming parser: the oracle the allocation-free
 * {@link EnvelopeReader} is checked against (EnvelopeReaderDifferentialTest). Kept as it was, so that a difference is
 * the new reader's.
 */
final class JacksonEnvelopeReader {

    /** More ids than this in a group `to` is not a group, it is a broadcast written out. */
    private static final int MAX_TO = 64;

    private final JsonLimits limits;
    private final JsonFactory factory;
    private final int maxContactKeys;

    JacksonEnvelopeReader(JsonLimits limits, int maxContactKeys) {
        this.limits = limits;
        this.factory = limits.factory();
        this.maxContactKeys = maxContactKeys;
    }

    /**
     * Reads the message where it lies: a frame's bytes arrive in a heap buffer, whose array the parser reads at its
     * offset, so no copy of the message is made (the envelope's offset counts from the message's first byte).
     */
    Envelope read(Buffer message) {
        ByteBuf bytes = message.getByteBuf();
        try (JsonParser parser = bytes.hasArray()
                ? factory.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
                : factory.createParser(message.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(ErrorCode.BAD_MESSAGE, "a message is a JSON object");
            }
            int offset = (int) parser.currentTokenLocation().getByteOffset();
            String type = null;
            String room = null;
            String realm = null;
            List<String> to = null;
            boolean toIsList = false;
            String userId = null;
            Long hourId = null;
            List<String> contactKeys = null;
            String signature = null;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = string(parser, value, field);
                    case "room" -> room = string(parser, value, field);
                    case "realm" -> realm = string(parser, value, field);
                    case "to" -> {
                        toIsList = value == JsonToken.START_ARRAY;
                        to = toIsList ? strings(parser, field, MAX_TO) : List.of(string(parser, value, field));
                    }
                    case "from" -> throw bad(ErrorCode.RESERVED_FIELD, "from is set by the server");
                    case "userId" -> userId = string(parser, value, field);
                    case "hourId" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            throw bad(ErrorCode.BAD_MESSAGE, "hourId must be an integer");
                        }
                        hourId = parser.getLongValue();
                    }
                    case "contactKeys" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw bad(ErrorCode.BAD_MESSAGE, "contactKeys must be an array of strings");
                        }
                        contactKeys = strings(parser, field, maxContactKeys);
                    }
                    case "signature" -> signature = string(parser, value, field);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw bad(ErrorCode.BAD_JSON, "trailing data after the message object");
            }
            if (type == null) {
                throw bad(ErrorCode.BAD_MESSAGE, "type is required");
            }
            return new Envelope(type, room, realm, to, toIsList, userId, hourId, contactKeys, signature, offset);
        } catch (IOException e) {
            throw bad(ErrorCode.BAD_JSON, limits.reason(e));
        }
    }

    private static String string(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw bad(ErrorCode.BAD_MESSAGE, field + " must be a string");
        }
        return parser.getText();
    }

    private static List<String> strings(JsonParser parser, String field, int max) throws IOException {
        List<String> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                throw bad(ErrorCode.BAD_MESSAGE, field + " must hold only strings");
            }
            if (values.size() == max) {
                throw bad(ErrorCode.BAD_MESSAGE, field + " holds more than " + max + " entries");
            }
            values.add(parser.getText());
        }
        return values;
    }

    private static SignalingException bad(ErrorCode code, String message) {
        return new SignalingException(code, message);
    }
}
