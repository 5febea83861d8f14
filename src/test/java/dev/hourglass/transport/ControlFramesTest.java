package dev.hourglass.transport;

import dev.hourglass.support.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport's own frames, as RFC 6455 asks of a server, through a raw client: pings answered, both ways of
 * closing ended by the server ending the TCP connection at once (never by the 3 s backstop, which the checks' one
 * second would miss), and a frame the decoder refuses answered with its code.
 */
@QuarkusTest
class ControlFramesTest {

    private static final int MAX_MESSAGE_BYTES = 65536;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() throws IOException {
        try (RawWebSocket client = new RawWebSocket(base)) {
            client.readFrame(); // welcome
            client.sendFrame(RawWebSocket.PING, true, "hb-1".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame answer = client.readFrame();
            assertThat(answer.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(answer.text()).isEqualTo("hb-1");
            // and the connection goes on
            client.sendText("{\"type\":\"join\",\"room\":\"control-frames\"}");
            assertThat(client.readFrame().text()).contains("\"joined\"");
        }
    }

    @Test
    void aCloseTheClientStartsIsAnsweredWithItsCodeAloneAndTheServerEndsTheConnection() throws IOException {
        try (RawWebSocket client = new RawWebSocket(base)) {
            client.readFrame();
            client.sendFrame(RawWebSocket.CLOSE, true, closePayload(1000, "private reason"));
            RawWebSocket.Frame answer = client.readFrame();
            assertThat(answer.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(answer.closeCode()).isEqualTo(1000);
            assertThat(answer.payload()).hasSize(2); // the client's reason is not sent back
            assertThat(client.endsWithin(1000)).isTrue();
        }
    }

    @Test
    void aCloseWithoutACodeIsAnsweredWithoutOne() throws IOException {
        try (RawWebSocket client = new RawWebSocket(base)) {
            client.readFrame();
            client.sendFrame(RawWebSocket.CLOSE, true, new byte[0]);
            RawWebSocket.Frame answer = client.readFrame();
            assertThat(answer.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(answer.payload()).isEmpty();
            assertThat(client.endsWithin(1000)).isTrue();
        }
    }

    @Test
    void whenTheClientAnswersACloseTheServerStartedTheServerEndsTheConnectionAtOnce() throws IOException {
        try (RawWebSocket client = new RawWebSocket(base)) {
            client.readFrame();
            // Two fragments, each within the cap, that together pass it: the server closes with 1009.
            client.sendFrame(RawWebSocket.TEXT, false, new byte[MAX_MESSAGE_BYTES / 2 + 1]);
            client.sendFrame(RawWebSocket.CONTINUATION, true, new byte[MAX_MESSAGE_BYTES / 2 + 1]);
            assertThat(client.awaitCloseCode()).isEqualTo(1009);
            assertThat(client.endsWithin(200)).as("the server waits for the client's answer").isFalse();
            client.sendFrame(RawWebSocket.CLOSE, true, closePayload(1009, ""));
            assertThat(client.endsWithin(1000)).isTrue();
        }
    }

    @Test
    void aFrameTheDecoderRefusesIsAnsweredWithProtocolErrorAndTheConnectionEnds() throws IOException {
        try (RawWebSocket client = new RawWebSocket(base)) {
            client.readFrame();
            client.sendFrame(3, true, new byte[] {1, 2, 3}); // opcode 3 is reserved
            assertThat(client.awaitCloseCode()).isEqualTo(1002);
            assertThat(client.endsWithin(1000)).isTrue();
        }
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }
}
