package dev.hourglass.yjs;

import dev.hourglass.support.FrameSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static dev.hourglass.yjs.YjsSignalingTest.expectError;
import static dev.hourglass.yjs.YjsSignalingTest.json;
import static dev.hourglass.yjs.YjsSignalingTest.subscribe;
import static dev.hourglass.yjs.YjsSignalingTest.topic;
import static org.assertj.core.api.Assertions.assertThat;

/** Every limit of /yjs, at the small values of the drop-in endpoints' limits profile. */
@QuarkusTest
@TestProfile(dev.hourglass.relay.DropInLimits.class)
class YjsLimitsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void topicsPerConnectionTopicLengthSubscribersPerTopicAndTopicsPerServerAreCapped() throws Exception {
        String full = topic().substring(0, 16);
        try (FrameSocket a = FrameSocket.open(base, "/yjs"); FrameSocket b = FrameSocket.open(base, "/yjs");
                FrameSocket c = FrameSocket.open(base, "/yjs")) {
            a.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + "t".repeat(33) + "\"]}");
            expectError(a, "bad-message");
            a.sendText("{\"type\":\"subscribe\",\"topics\":[\"1\",\"2\",\"3\"]}");
            expectError(a, "too-many-topics");
            subscribe(a, full);
            subscribe(b, full);
            c.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + full + "\"]}");
            expectError(c, "topic-full");
            // All or none: one more topic is allowed, two are not, and the refusal subscribed neither.
            a.sendText("{\"type\":\"subscribe\",\"topics\":[\"x1\",\"x2\"]}");
            expectError(a, "too-many-topics");
            subscribe(a, "x1");
            // Topics here: full and x1; one more fills the server's three.
            subscribe(b, "x2");
            c.sendText("{\"type\":\"subscribe\",\"topics\":[\"x3\"]}");
            expectError(c, "server-full");
            c.sendText("{\"type\":\"ping\"}");
            assertThat(json(c).path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aMessageOverTheCapClosesWith1009AndAFloodIsRefused() throws Exception {
        try (FrameSocket big = FrameSocket.open(base, "/yjs")) {
            big.trySendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertThat(big.awaitClose(Duration.ofSeconds(5))).isEqualTo(1009);
        }
        try (FrameSocket flooder = FrameSocket.open(base, "/yjs")) {
            for (int i = 0; i < 60; i++) {
                flooder.sendText("{\"type\":\"ping\"}");
            }
            int pongs = 0;
            FrameSocket.Received received;
            while ((received = flooder.poll(Duration.ofMillis(300))) != null && received.text().contains("pong")) {
                pongs++;
            }
            assertThat(pongs).isBetween(38, 45);
            assertThat(received).isNotNull();
            assertThat(received.text()).contains("\"code\":\"rate-limited\"");
        }
    }
}
