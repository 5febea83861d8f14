package dev.hourglass.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real WebSocket client (the JDK's) that records every text message and the close code. */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    public final String peerId;

    private WsClient(URI uri) throws Exception {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        JsonNode welcome = next();
        assertThat(welcome.path("type").asText()).isEqualTo("welcome");
        this.peerId = welcome.path("peerId").asText();
    }

    /** Connects to /ws of the app under test and reads the welcome. */
    public static WsClient connect(URI httpBase) throws Exception {
        String base = httpBase.toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        return new WsClient(URI.create(base + "/ws"));
    }

    public WsClient send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        return this;
    }

    /** Sends unless the connection is closed by now; false then. */
    public boolean trySend(String text) {
        try {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception closed) {
            return false;
        }
    }

    public WsClient sendPart(String text, boolean last) throws Exception {
        socket.sendText(text, last).get(5, TimeUnit.SECONDS);
        return this;
    }

    public WsClient sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
        return this;
    }

    public String nextRaw() throws InterruptedException {
        String message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within " + WAIT).isNotNull();
        return message;
    }

    /** The next message if one comes within the time, else null. */
    public String nextWithin(Duration within) throws InterruptedException {
        return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public JsonNode next() throws Exception {
        return JSON.readTree(nextRaw());
    }

    /** The next message, which must be of this type. */
    public JsonNode expect(String type) throws Exception {
        JsonNode message = next();
        assertThat(message.path("type").asText()).as("type of " + message).isEqualTo(type);
        return message;
    }

    /** The next message, which must be an error frame with this code. */
    public JsonNode expectError(String code) throws Exception {
        JsonNode message = expect("error");
        assertThat(message.path("code").asText()).as(message.toString()).isEqualTo(code);
        assertThat(message.path("message").asText()).isNotBlank();
        return message;
    }

    public void expectNothing(Duration during) throws InterruptedException {
        String message = messages.poll(during.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("no message expected").isNull();
    }

    /** The message as a receiver must see it: the sender's own object, plus the from the server stamps. */
    public static JsonNode withFrom(String sent, String from) throws Exception {
        ObjectNode expected = (ObjectNode) JSON.readTree(sent);
        expected.put("from", from);
        return expected;
    }

    /** The clients join the room one after the other; each gets joined, and every earlier member its peer-joined. */
    public static void joinInTurn(String room, WsClient... clients) throws Exception {
        for (int i = 0; i < clients.length; i++) {
            clients[i].send("{\"type\":\"join\",\"room\":\"" + room + "\"}").expect("joined");
            for (int earlier = 0; earlier < i; earlier++) {
                clients[earlier].expect("peer-joined");
            }
        }
    }

    /** Proves the connection is open and served: a ping gets its pong. */
    public void assertAlive() throws Exception {
        send("{\"type\":\"ping\"}");
        expect("pong");
    }

    public int awaitClose(Duration within) throws Exception {
        return closeCode.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
