package dev.hourglass.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.transport.Connection;
import dev.hourglass.transport.Outgoing;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server writes on /ws: its own messages serialised with Jackson (they carry client strings such as room
 * names, which need escaping), and relayed messages spliced from the original bytes, encoded once however many peers
 * they go to.
 */
public final class Messages {

    /** Bytes, not a Buffer: a static Netty buffer would be built into a native image's heap. */
    private static final byte[] PONG = "{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** Each call wraps the same bytes anew. */
    static Buffer pong() {
        return Buffer.buffer(PONG);
    }

    /** A server message: {"type": type, ...fields} in the given order. */
    public static Buffer message(String type, Object... keysAndValues) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            message.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("server message not serialisable", e);
        }
    }

    public static Buffer error(ErrorCode code, String message) {
        code.counted();
        return message("error", "code", code.wire, "message", message);
    }

    /** An error about one realm: the realm is named, so that a client in several can tell which. */
    public static Buffer error(ErrorCode code, String message, String realm) {
        code.counted();
        return message("error", "code", code.wire, "message", message, "realm", realm);
    }

    /**
     * The client's message with the server's stamp in front: {"from":"id",[stamps,] + the original members, encoded
     * once for all its recipients. The original object is never empty here (it has a type), so its members follow a
     * comma.
     *
     * @param sender the connection the message came from, on whose loop this runs
     * @param stamps already-escaped JSON members such as "contactKey":"..." (hex, no escaping needed), or empty
     */
    public static Outgoing stamped(Connection sender, Buffer original, int objectStart, String from, String stamps) {
        return stamped(sender, original, objectStart, head(from, stamps));
    }

    /** As above, with the head already made by {@link #head}: a sender's own head is made once, not per message. */
    public static Outgoing stamped(Connection sender, Buffer original, int objectStart, byte[] head) {
        return Outgoing.text(sender, head, original, objectStart + 1);
    }

    /** {"from":"id",[stamps,] : what {@link #stamped} puts in front of the original members. */
    public static byte[] head(String from, String stamps) {
        return ("{\"from\":\"" + from + "\"," + stamps).getBytes(StandardCharsets.US_ASCII);
    }
}
