package dev.hourglass.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.transport.Buffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server writes on /ws: its own messages serialised with Jackson (they carry client strings such as room
 * names, which need escaping), and relayed messages spliced from the original bytes, built once however many peers
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
     * The client's message with the server's stamp in front: {"from":"id",[stamps,] + the original members.
     * The original object is never empty here (it has a type), so its members follow a comma.
     *
     * @param stamps already-escaped JSON members such as "contactKey":"..." (hex, no escaping needed), or empty
     */
    public static Buffer stamped(Buffer original, int objectStart, String from, String stamps) {
        return stamped(original, objectStart, head(from, stamps));
    }

    /**
     * As above, with the head already made by {@link #head}: a sender's own head is made once, not per message. The
     * result is the head and a view of the original's members side by side, not a copy of them: the original is the
     * frame's own heap buffer, nobody else writes it, and the views each write takes cannot release it.
     */
    public static Buffer stamped(Buffer original, int objectStart, byte[] head) {
        int restStart = objectStart + 1;
        ByteBuf bytes = Buffers.readable(original);
        ByteBuf members = bytes.slice(bytes.readerIndex() + restStart, original.length() - restStart);
        return Buffer.buffer(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(head), members));
    }

    /**
     * The message's bytes up to {@code end} (where its object's closing brace is) followed by {@code tail}: a view of
     * the original beside the tail, as {@link #stamped} makes one.
     */
    public static Buffer endingWith(Buffer original, int end, byte[] tail) {
        ByteBuf bytes = Buffers.readable(original);
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes.slice(bytes.readerIndex(), end), Unpooled.wrappedBuffer(tail)));
    }

    /** {"from":"id",[stamps,] : what {@link #stamped} puts in front of the original members. */
    public static byte[] head(String from, String stamps) {
        return ("{\"from\":\"" + from + "\"," + stamps).getBytes(StandardCharsets.US_ASCII);
    }
}
