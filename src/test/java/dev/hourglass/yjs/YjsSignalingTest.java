package dev.hourglass.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.NothingLeftBehind;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The y-webrtc signaling protocol on /yjs by hand, as y-webrtc's client speaks it. */
@QuarkusTest
class YjsSignalingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(300);

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void nothingLeftBehind() throws Exception {
        NothingLeftBehind.check();
    }

    static String topic() {
        return "topic-" + UUID.randomUUID();
    }

    static JsonNode json(FrameSocket socket) throws Exception {
        FrameSocket.Received received = socket.next();
        assertThat(received.binary()).as("a text frame").isFalse();
        return JSON.readTree(received.bytes());
    }

    /** Subscribes and waits until it is done: the pong comes only after the subscription. */
    static void subscribe(FrameSocket socket, String... topics) throws Exception {
        socket.sendText("{\"type\":\"subscribe\",\"topics\":" + JSON.writeValueAsString(topics) + "}");
        socket.sendText("{\"type\":\"ping\"}");
        assertThat(json(socket).path("type").asText()).isEqualTo("pong");
    }

    static void expectError(FrameSocket socket, String code) throws Exception {
        JsonNode error = json(socket);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void aPublishGoesToEverySubscriberTheSenderIncludedWithTheirCount() throws Exception {
        String topic = topic();
        try (FrameSocket alice = FrameSocket.open(base, "/yjs"); FrameSocket bob = FrameSocket.open(base, "/yjs");
                FrameSocket carol = FrameSocket.open(base, "/yjs")) {
            subscribe(alice, topic);
            subscribe(bob, topic, "other-" + topic);
            subscribe(carol, topic());
            String signal = "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":{\"type\":\"announce\",\"from\":\"p1\","
                    + "\"signal\":{\"sdp\":\"v=0\\r\\n\"}}}";
            alice.sendText(signal);
            for (FrameSocket subscriber : new FrameSocket[] {alice, bob}) {
                JsonNode received = json(subscriber);
                assertThat(received.path("clients").asInt()).isEqualTo(2);
                assertThat(received.path("data")).isEqualTo(JSON.readTree(signal).path("data"));
                assertThat(received.path("topic").asText()).isEqualTo(topic);
                assertThat(received.path("type").asText()).isEqualTo("publish");
                assertThat(received.size()).isEqualTo(4);
            }
            carol.expectNothing(QUIET);
            given().get("/health").then().body("yjsTopics", equalTo(3));
        }
    }

    @Test
    void pingIsAnsweredAndUnsubscribeStopsDeliveryAndRemovesAnEmptyTopic() throws Exception {
        String topic = topic();
        try (FrameSocket alice = FrameSocket.open(base, "/yjs"); FrameSocket bob = FrameSocket.open(base, "/yjs")) {
            alice.sendText("{\"type\":\"ping\"}");
            assertThat(alice.next().text()).isEqualTo("{\"type\":\"pong\"}");
            subscribe(alice, topic);
            subscribe(bob, topic);
            bob.sendText("{\"type\":\"unsubscribe\",\"topics\":[\"" + topic + "\"]}");
            bob.sendText("{\"type\":\"ping\"}");
            assertThat(json(bob).path("type").asText()).as("the unsubscribe was served before the pong").isEqualTo("pong");
            alice.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":1}");
            assertThat(json(alice).path("clients").asInt()).isEqualTo(1);
            bob.expectNothing(QUIET);
            given().get("/health").then().body("yjsTopics", equalTo(1));
            alice.sendText("{\"type\":\"unsubscribe\",\"topics\":[\"" + topic + "\"]}");
            alice.sendText("{\"type\":\"ping\"}");
            json(alice);
            // Gone with its last subscriber, while both connections stay open.
            given().get("/health").then().body("yjsTopics", equalTo(0));
            // Subscribing twice is subscribing once.
            subscribe(bob, topic, topic);
            subscribe(bob, topic);
            bob.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":1}");
            assertThat(json(bob).path("clients").asInt()).isEqualTo(1);
            bob.expectNothing(QUIET);
        }
    }

    @Test
    void badMessagesGetAnErrorFrameAndTheConnectionStays() throws Exception {
        String topic = topic();
        try (FrameSocket client = FrameSocket.open(base, "/yjs"); FrameSocket other = FrameSocket.open(base, "/yjs")) {
            subscribe(other, topic);
            client.sendText("{\"type\":\"publish\",");
            expectError(client, "bad-json");
            client.sendText("[1,2]");
            expectError(client, "bad-message");
            client.sendText("{\"topic\":\"x\"}");
            expectError(client, "bad-message");
            client.sendText("{\"type\":\"dance\"}");
            expectError(client, "unknown-type");
            client.sendText("{\"type\":\"subscribe\"}");
            expectError(client, "bad-message");
            client.sendText("{\"type\":\"subscribe\",\"topics\":\"" + topic + "\"}");
            expectError(client, "bad-message");
            client.sendText("{\"type\":\"subscribe\",\"topics\":[1]}");
            expectError(client, "bad-message");
            client.sendText("{\"type\":\"subscribe\",\"topics\":[\"\"]}");
            expectError(client, "bad-message");
            client.sendText("{\"type\":\"subscribe\",\"topics\":[\"a\\u0000b\"]}");
            expectError(client, "bad-message");
            client.sendBinary(new byte[] {1, 2, 3});
            expectError(client, "binary-not-supported");
            // Publishing to a topic it is not subscribed to reaches nobody.
            client.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":1}");
            expectError(client, "not-subscribed");
            client.sendText("{\"type\":\"publish\",\"data\":1}");
            expectError(client, "bad-message");
            subscribe(client, topic);
            client.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"clients\":999}");
            expectError(client, "bad-message");
            client.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"type\":\"ping\"}");
            expectError(client, "bad-json");
            other.expectNothing(QUIET);
            client.sendText("{\"type\":\"ping\"}");
            assertThat(json(client).path("type").asText()).isEqualTo("pong");
        }
    }
}
