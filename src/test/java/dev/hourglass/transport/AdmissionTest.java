package dev.hourglass.transport;

import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.RawUpgrade;
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
import static org.assertj.core.api.Assertions.assertThat;

/** Admission at the upgrade, before any WebSocket exists: the Origin allow-list and the per-address connection rate. */
@QuarkusTest
@TestProfile(AdmissionTest.Strict.class)
class AdmissionTest {

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.ws.allowed-origins", "https://good.example, https://also.example:8443",
                    "hourglass.ws.connection-rate", "1", "hourglass.ws.connection-burst", "6");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void anOriginOffTheListIsRefusedWith403OnEveryEndpointAndTheRateCapsNewConnections() throws Exception {
        for (String path : new String[] {"/ws", "/relay/r", "/yjs", "/some-room"}) {
            RawUpgrade.Answer refused = RawUpgrade.send(base, path, "Origin: https://evil.example");
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.body()).contains("\"type\":\"urn:hourglass:problem:origin-not-allowed\"");
        }
        // Listed origins, in any case, and clients that are not browsers (no Origin) get through: six connections,
        // the burst (refused upgrades took none of it).
        List<FrameSocket> open = new ArrayList<>();
        try {
            open.add(FrameSocket.open(base, "/ws", Map.of("Origin", "https://GOOD.example")));
            open.add(FrameSocket.open(base, "/yjs", Map.of("Origin", "https://also.example:8443")));
            for (String path : new String[] {"/yjs", "/relay/x", "/ws", "/some-room"}) {
                open.add(FrameSocket.open(base, path));
            }
            // Right behind them, past the burst of this address's connection rate (one a second refills it).
            RawUpgrade.Answer tooFast = null;
            for (int attempt = 0; attempt < 3 && tooFast == null; attempt++) {
                RawUpgrade.Answer answer = RawUpgrade.send(base, "/ws");
                if (answer.status() == 429) {
                    tooFast = answer;
                }
            }
            assertThat(tooFast).as("an upgrade past the burst is refused").isNotNull();
            assertThat(tooFast.body()).contains("\"type\":\"urn:hourglass:problem:connection-rate\"");
            assertThat(Integer.parseInt(tooFast.header("Retry-After"))).isBetween(1, 2);
            assertThat(open).allSatisfy(socket -> assertThat(socket.isClosed()).isFalse());
        } finally {
            open.forEach(FrameSocket::close);
        }
        // Plain requests are not connections: the page and the API are not held to it.
        given().get("/health").then().statusCode(200);
    }
}
