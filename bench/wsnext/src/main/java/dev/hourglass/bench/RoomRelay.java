package dev.hourglass.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark's room protocol of /ws (welcome, join → joined and peer-joined, everything else relayed to the other
 * members with "from" stamped in front, leave on close) on WebSockets Next: an {@code @OnTextMessage} taking a
 * Buffer, non-blocking, sending with {@code sendText(Buffer)} and subscribing to each send's Uni, which is all the
 * outbound control its public API gives (no writability, no write-queue size). Not Hourglass: no limits, no
 * cluster, no error frames beyond the join's; just what the scenarios exercise, written as a WebSockets Next
 * application would be.
 */
@WebSocket(path = "/ws")
public class RoomRelay {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ConcurrentHashMap<String, WebSocketConnection[]> ROOMS = new ConcurrentHashMap<>();

    @OnOpen
    @NonBlocking
    public Buffer open(WebSocketConnection connection) {
        return Buffer.buffer("{\"type\":\"welcome\",\"peerId\":\"" + connection.id() + "\",\"heartbeat\":30}");
    }

    @OnTextMessage
    @NonBlocking
    public void message(Buffer message, WebSocketConnection connection) {
        byte[] bytes = message.getBytes();
        String type = null;
        String room = null;
        int start;
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            start = (int) parser.currentTokenLocation().getByteOffset();
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                if (field.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if (field.equals("room") && value == JsonToken.VALUE_STRING) {
                    room = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            connection.sendText("{\"type\":\"error\",\"code\":\"bad-json\"}").subscribe().with(ok -> { }, failure -> { });
            return;
        }
        if ("join".equals(type) && room != null) {
            join(connection, room);
            return;
        }
        String joined = connection.userData().get(ROOM);
        WebSocketConnection[] members = joined == null ? null : ROOMS.get(joined);
        if (members == null) {
            return;
        }
        byte[] head = ("{\"from\":\"" + connection.id() + "\",").getBytes(StandardCharsets.US_ASCII);
        Buffer out = Buffer.buffer(head.length + bytes.length - start - 1).appendBytes(head).appendBytes(bytes, start + 1, bytes.length - start - 1);
        for (WebSocketConnection member : members) {
            if (member != connection) {
                member.sendText(out).subscribe().with(ok -> { }, failure -> { });
            }
        }
    }

    private static final io.quarkus.websockets.next.UserData.TypedKey<String> ROOM = io.quarkus.websockets.next.UserData.TypedKey.forString("room");

    private static void join(WebSocketConnection connection, String room) {
        WebSocketConnection[][] before = new WebSocketConnection[1][];
        ROOMS.compute(room, (name, members) -> {
            before[0] = members == null ? new WebSocketConnection[0] : members;
            WebSocketConnection[] next = Arrays.copyOf(before[0], before[0].length + 1);
            next[before[0].length] = connection;
            return next;
        });
        connection.userData().put(ROOM, room);
        StringBuilder peers = new StringBuilder();
        for (WebSocketConnection member : before[0]) {
            peers.append(peers.length() == 0 ? "\"" : ",\"").append(member.id()).append('"');
        }
        connection.sendText("{\"type\":\"joined\",\"room\":\"" + room + "\",\"peers\":[" + peers + "]}").subscribe().with(ok -> { }, failure -> { });
        String notice = "{\"type\":\"peer-joined\",\"room\":\"" + room + "\",\"peerId\":\"" + connection.id() + "\"}";
        for (WebSocketConnection member : before[0]) {
            member.sendText(notice).subscribe().with(ok -> { }, failure -> { });
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        String room = connection.userData().get(ROOM);
        if (room == null) {
            return;
        }
        ROOMS.computeIfPresent(room, (name, members) -> {
            WebSocketConnection[] rest = Arrays.stream(members).filter(member -> member != connection).toArray(WebSocketConnection[]::new);
            return rest.length == 0 ? null : rest;
        });
    }
}
