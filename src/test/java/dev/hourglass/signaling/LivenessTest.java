package dev.hourglass.signaling;

import dev.hourglass.support.RawWebSocket;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(LivenessTest.FastHeartbeat.class)
class LivenessTest {

    public static class FastHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.ws.heartbeat", "PT0.5S",
                    "hourglass.ws.heartbeat-timeout", "PT2S",
                    "hourglass.ws.idle-timeout", "PT2S");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void welcomeAnnouncesTheHeartbeatAndTheServerPings() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(base)) {
            assertThat(raw.readFrame().text()).contains("\"heartbeat\":0");
            assertThat(raw.readFrame().opcode()).isEqualTo(RawWebSocket.PING);
        }
    }

    @Test
    void aConnectionThatNeverAnswersPingsIsClosedWith4000() throws Exception {
        try (RawWebSocket silent = new RawWebSocket(base)) {
            silent.readFrame();
            silent.sendText("{\"type\":\"join\",\"room\":\"liveness-silent\"}"); // in a room: not idle, only silent
            long start = System.nanoTime();
            assertThat(silent.awaitCloseCode()).isEqualTo(4000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatAnswersPingsAndIsInARoomStaysOpen() throws Exception {
        try (WsClient client = WsClient.connect(base)) {
            client.send("{\"type\":\"join\",\"room\":\"liveness-alive\"}").expect("joined");
            Thread.sleep(4000);
            assertThat(client.isClosed()).isFalse();
            client.assertAlive();
        }
    }

    @Test
    void aConnectionInNoRoomAndUnboundIsClosedWhenIdle() throws Exception {
        try (WsClient idle = WsClient.connect(base)) {
            assertThat(idle.awaitClose(Duration.ofSeconds(6))).isEqualTo(4002);
        }
    }

    @Test
    void leavingTheLastRoomStartsTheIdleClock() throws Exception {
        try (WsClient client = WsClient.connect(base)) {
            client.send("{\"type\":\"join\",\"room\":\"liveness-leave\"}").expect("joined");
            Thread.sleep(2500);
            assertThat(client.isClosed()).as("in a room, so not idle").isFalse();
            client.send("{\"type\":\"leave\",\"room\":\"liveness-leave\"}").expect("left");
            assertThat(client.awaitClose(Duration.ofSeconds(6))).isEqualTo(4002);
        }
    }
}
