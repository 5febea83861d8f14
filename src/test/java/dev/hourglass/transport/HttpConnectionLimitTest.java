package dev.hourglass.transport;

import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Vert.x's part of a WebSocket connection ends at the handshake (the transport reads the frames itself), and so does
 * its place in Quarkus's HTTP connection count: WebSocket connections, open or closed, never use up
 * quarkus.http.limits.max-connections (hourglass.ws.max-connections caps them). Before the transport told Vert.x,
 * every WebSocket connection ever made would have stayed in that count.
 */
@QuarkusTest
@TestProfile(HttpConnectionLimitTest.ThreeHttpConnections.class)
class HttpConnectionLimitTest {

    public static class ThreeHttpConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.limits.max-connections", "3");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void webSocketConnectionsOpenOrClosedLeaveTheHttpConnectionLimitAlone() throws Exception {
        for (int i = 0; i < 6; i++) {
            try (WsClient client = WsClient.connect(base)) { // reads the welcome
                client.assertAlive();
            }
        }
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(WsClient.connect(base));
            }
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            for (WsClient client : open) {
                client.close();
            }
        }
    }
}
