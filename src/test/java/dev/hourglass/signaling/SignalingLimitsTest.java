package dev.hourglass.signaling;

import dev.hourglass.support.RawWebSocket;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every limit of /ws, each at a small value so that tests reach it quickly. */
@QuarkusTest
@TestProfile(SignalingLimitsTest.SmallLimits.class)
class SignalingLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("hourglass.ws.max-message-bytes", "4096"),
                    Map.entry("hourglass.ws.max-rooms-per-connection", "2"),
                    Map.entry("hourglass.ws.max-peers-per-room", "2"),
                    Map.entry("hourglass.ws.max-rooms", "4"),
                    Map.entry("hourglass.ws.max-connections", "12"),
                    Map.entry("hourglass.ws.rate-limit", "20"),
                    Map.entry("hourglass.ws.rate-burst", "40"),
                    Map.entry("hourglass.ws.rate-strikes", "30"));
        }
    }

    @TestHTTPResource("/")
    URI base;

    private static String join(String room) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }

    private static String room() {
        return "r-" + UUID.randomUUID();
    }

    @Test
    void aSingleFrameOverTheCapClosesWith1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(base)) {
            raw.readFrame(); // welcome
            raw.sendText("{\"type\":\"offer\",\"sdp\":\"" + "x".repeat(5000) + "\"}");
            assertThat(raw.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentsAddingUpOverTheCapCloseWith1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(base)) {
            raw.readFrame();
            byte[] part = "x".repeat(1500).getBytes(StandardCharsets.UTF_8);
            raw.sendFrame(RawWebSocket.TEXT, false, "{\"type\":\"offer\",\"sdp\":\"".getBytes(StandardCharsets.UTF_8));
            raw.sendFrame(RawWebSocket.CONTINUATION, false, part);
            raw.sendFrame(RawWebSocket.CONTINUATION, false, part);
            raw.sendFrame(RawWebSocket.CONTINUATION, false, part);
            assertThat(raw.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void aMessageJustUnderTheCapIsRelayed() throws Exception {
        String room = room();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            WsClient.joinInTurn(room, a, b);
            String sdp = "y".repeat(4000);
            a.send("{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}");
            assertThat(b.expect("offer").path("sdp").asText()).isEqualTo(sdp);
        }
    }

    @Test
    void roomsPerConnectionPeersPerRoomAndRoomsPerServerAreCapped() throws Exception {
        String full = room();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base); WsClient c = WsClient.connect(base)) {
            WsClient.joinInTurn(full, a, b);
            c.send(join(full)).expectError("room-full");
            c.assertAlive();

            a.send(join(room())).expect("joined");
            a.send(join(room())).expectError("too-many-rooms");
            a.assertAlive();

            // Rooms now: full and a's second. Two more fill the server's four.
            c.send(join(room())).expect("joined");
            b.send(join(room())).expect("joined");
            try (WsClient d = WsClient.connect(base)) {
                d.send(join(room())).expectError("server-full");
                d.send(join(full)).expectError("room-full");
                d.assertAlive();
            }
        }
    }

    @Test
    void aFloodIsRefusedThenClosedWith1008() throws Exception {
        String room = room();
        try (WsClient flooder = WsClient.connect(base); WsClient victim = WsClient.connect(base)) {
            WsClient.joinInTurn(room, flooder, victim);
            // Half again the burst at once (fewer refusals than the strikes allowed): the burst goes through,
            // then one error for the whole refused run.
            for (int i = 0; i < 60; i++) {
                flooder.send("{\"type\":\"signal\",\"n\":" + i + "}");
            }
            flooder.expectError("rate-limited");
            flooder.expectNothing(Duration.ofMillis(300));
            int relayed = 0;
            while (relayed < 60 && victim.nextWithin(Duration.ofMillis(300)) != null) {
                relayed++;
            }
            assertThat(relayed).isBetween(38, 45);

            Thread.sleep(1000);
            flooder.assertAlive();
            for (int i = 0; i < 300 && flooder.trySend("{\"type\":\"signal\",\"n\":0}"); i++) {
                // keep flooding until the server closes
            }
            assertThat(flooder.awaitClose(Duration.ofSeconds(5))).isEqualTo(1008);
            // The victim still works and hears the flooder leave; what got through of the second flood may come first.
            victim.send("{\"type\":\"ping\"}");
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (!seen.containsAll(java.util.Set.of("pong", "peer-left"))) {
                String type = victim.next().path("type").asText();
                assertThat(type).isIn("signal", "pong", "peer-left");
                seen.add(type);
            }
        }
    }

    static int countSessions() {
        return given().get("/health").then().extract().path("sessions");
    }

    @Test
    void pastTheConnectionCapTheUpgradeIsRefusedWith503() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            while (countSessions() < 12) {
                clients.add(WsClient.connect(base));
            }
            given().header("Connection", "Upgrade").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .get("/ws").then().statusCode(503).header("Retry-After", "30").contentType("application/problem+json");
        } finally {
            clients.forEach(WsClient::close);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> countSessions() < 12);
        try (WsClient again = WsClient.connect(base)) {
            again.assertAlive();
        }
    }
}
