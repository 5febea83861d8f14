package dev.hourglass.yjs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hourglass.json.JsonLimits;
import dev.hourglass.transport.Buffers;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads type, topic and topics in one streaming pass; the values of other fields (a publish's data, an SDP inside
 * it) are skipped, not decoded. The pass checks the whole message is well-formed JSON, so nothing malformed is relayed.
 */
final class YjsMessageReader {

    private final JsonLimits limits;
    private final JsonFactory factory;
    private final int maxTopics;

    YjsMessageReader(JsonLimits limits, int maxTopics) {
        this.limits = limits;
        this.factory = limits.factory();
        this.maxTopics = maxTopics;
    }

    /**
     * Reads the message where it lies when it has an array, else from this thread's scratch copy of a frame's pooled
     * bytes (the parser is closed before the next message can reuse it).
     */
    YjsMessage read(Buffer message) {
        ByteBuf bytes = Buffers.readable(message);
        try (JsonParser parser = bytes.hasArray()
                ? factory.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes())
                : factory.createParser(Buffers.scratchCopy(bytes), 0, bytes.readableBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new YjsException(YjsError.BAD_MESSAGE, "a message is a JSON object");
            }
            String type = null;
            String topic = null;
            List<String> topics = null;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = string(parser, value, field);
                    case "topic" -> topic = string(parser, value, field);
                    case "topics" -> topics = strings(parser, value);
                    case "clients" -> throw new YjsException(YjsError.BAD_MESSAGE, "clients is set by the server");
                    default -> parser.skipChildren();
                }
            }
            int objectEnd = (int) parser.currentTokenLocation().getByteOffset();
            if (parser.nextToken() != null) {
                throw new YjsException(YjsError.BAD_JSON, "trailing data after the message object");
            }
            if (type == null) {
                throw new YjsException(YjsError.BAD_MESSAGE, "type is required");
            }
            return new YjsMessage(type, topic, topics, objectEnd);
        } catch (IOException e) {
            throw new YjsException(YjsError.BAD_JSON, limits.reason(e));
        }
    }

    private static String string(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new YjsException(YjsError.BAD_MESSAGE, field + " must be a string");
        }
        return parser.getText();
    }

    private List<String> strings(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new YjsException(YjsError.BAD_MESSAGE, "topics must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING) {
                throw new YjsException(YjsError.BAD_MESSAGE, "topics must hold only strings");
            }
            if (values.size() == maxTopics) {
                throw new YjsException(YjsError.TOO_MANY_TOPICS, "topics holds more than " + maxTopics + " entries");
            }
            values.add(parser.getText());
        }
        return values;
    }
}
