package dev.hourglass.client;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(ClientConfigResourceTest.WithIceServers.class)
class ClientConfigResourceTest {

    public static class WithIceServers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.client.ice-servers", "stun:stun.example.test:3478,turn:turn.example.test:3478?transport=udp",
                    "hourglass.client.turn-username", "user",
                    "hourglass.client.turn-credential", "secret",
                    "hourglass.time.unit", "PT30M");
        }
    }

    @Test
    void theClientGetsTheUnitAndTheIceServersWithTurnCredentialsOnlyOnTurn() {
        given().get("/config").then()
                .statusCode(200)
                .body("unitSeconds", equalTo(1800))
                .body("iceServers", hasSize(2))
                .body("iceServers[0].urls", contains("stun:stun.example.test:3478"))
                .body("iceServers[0].username", nullValue())
                .body("iceServers[1].urls", contains("turn:turn.example.test:3478?transport=udp"))
                .body("iceServers[1].username", equalTo("user"))
                .body("iceServers[1].credential", equalTo("secret"));
    }

    @Test
    void thePageIsServedWithAPolicyThatKeepsItToItsOwnOrigin() {
        given().get("/").then()
                .statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'"))
                .header("Referrer-Policy", "no-referrer");
        given().get("/app.js").then().statusCode(200);
    }
}
