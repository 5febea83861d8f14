package dev.hourglass.signaling;

import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(AddressLimitTest.ThreePerAddress.class)
class AddressLimitTest {

    public static class ThreePerAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.ws.max-connections-per-address", "3");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void oneAddressGetsAsManyConnectionsAsAllowedAndTheSlotComesBackOnClose() throws Exception {
        WsClient first = WsClient.connect(base);
        try (WsClient second = WsClient.connect(base); WsClient third = WsClient.connect(base)) {
            given().header("Connection", "Upgrade").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .get("/ws").then().statusCode(429).header("Retry-After", "30").contentType("application/problem+json");
            first.close();
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                try (WsClient again = WsClient.connect(base)) {
                    again.assertAlive();
                    return true;
                }
            });
        }
    }
}
