package dev.hourglass.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real WebSocket client (the JDK's) on any path, recording every message, text or binary, as it came, and the close
 * code; for the drop-in endpoints, which have no greeting.
 */
public final class FrameSocket implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    public record Received(boolean binary, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return binary ? "binary " + Arrays.toString(bytes) : "text " + text();
        }
    }

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private FrameSocket(URI uri, Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    /** Opens a connection to this path (and query) of the app under test. */
    public static FrameSocket open(URI httpBase, String pathAndQuery) throws Exception {
        return open(httpBase, pathAndQuery, Map.of());
    }

    /** Opens a connection with these request headers (an Origin, say). */
    public static FrameSocket open(URI httpBase, String pathAndQuery, Map<String, String> headers) throws Exception {
        String base = httpBase.toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        return new FrameSocket(URI.create(base + pathAndQuery), headers);
    }

    public FrameSocket sendText(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        return this;
    }

    public FrameSocket sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
        return this;
    }

    /** Sends unless the connection is closed by now (or closes while the message is on its way); false then. */
    public boolean trySendText(String text) {
        try {
            sendText(text);
            return true;
        } catch (Exception closed) {
            return false;
        }
    }

    /** Sends unless the connection is closed by now; false then. */
    public boolean trySendBinary(byte[] bytes) {
        try {
            sendBinary(bytes);
            return true;
        } catch (Exception closed) {
            return false;
        }
    }

    /** The next message; fails after 5 s without one. */
    public Received next() throws InterruptedException {
        Received message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within " + WAIT).isNotNull();
        return message;
    }

    /** The next message within {@code within}, or null. */
    public Received poll(Duration within) throws InterruptedException {
        return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void expectNothing(Duration during) throws InterruptedException {
        Received message = messages.poll(during.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("no message").isNull();
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
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(new Received(false, text.toString().getBytes(StandardCharsets.UTF_8)));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(new Received(true, binary.toByteArray()));
                binary.reset();
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
