package dev.hourglass.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.Ids;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * The main flows against the packaged application, started as its users start it: the jar in JVM mode, the
 * native executable when built with -Dnative. Nothing here reaches inside the app.
 */
@QuarkusIntegrationTest
class PackagedAppIT {

    @TestHTTPResource("/")
    URI base;

    private static String register(String userId, String contactKey, Ed25519TestKey key) {
        String body = "{\"ephemeralContactKeysList\":[\"" + contactKey + "\"],\"tempEphemeralUserId\":\"" + userId
                + "\",\"hourId\":" + Ids.currentHour() + (key == null ? "" : ",\"publicKey\":\"" + key.publicKey() + "\"") + "}";
        return given().contentType(ContentType.JSON).body(body).post("/register").then().statusCode(202)
                .body("hourId", equalTo((int) Ids.currentHour())).extract().asString();
    }

    @Test
    void registrationAcceptsTheOriginalRequestAndRefusesBadInputWithAProblem() {
        register(Ids.id(), Ids.id(), null);
        given().contentType(ContentType.JSON).body("{\"ephemeralContactKeysList\":[],\"tempEphemeralUserId\":\"x\",\"hourId\":1}")
                .post("/register").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("ephemeralContactKeysList"));
    }

    @Test
    void roomSignalingRelaysTheOriginalClientsMessages() throws Exception {
        String room = "it-" + UUID.randomUUID();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            WsClient.joinInTurn(room, a, b);
            a.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            JsonNode offer = b.expect("offer");
            assertThat(offer.path("from").asText()).isEqualTo(a.peerId);
            assertThat(offer.path("sdp").asText()).isEqualTo("v=0");
        }
    }

    @Test
    void contactsBindWithASignedChallengeAndSignalEachOther() throws Exception {
        String shared = Ids.id();
        String alice = Ids.id();
        String bob = Ids.id();
        Ed25519TestKey aliceKey = new Ed25519TestKey();
        register(alice, shared, aliceKey);
        register(bob, shared, null);
        long hour = Ids.currentHour();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            String aliceHello = "{\"type\":\"hello\",\"userId\":\"" + alice + "\",\"hourId\":" + hour + ",\"contactKeys\":[\"" + shared + "\"]";
            a.send(aliceHello + "}");
            String nonce = a.expect("challenge").path("nonce").asText();
            a.send(aliceHello + ",\"signature\":\"" + aliceKey.sign(nonce) + "\"}").expect("bound");

            b.send("{\"type\":\"hello\",\"userId\":\"" + bob + "\",\"hourId\":" + hour + ",\"contactKeys\":[\"" + shared + "\"]}");
            assertThat(b.expect("bound").path("online").get(0).path("peerId").asText()).isEqualTo(a.peerId);
            a.expect("contact-online");

            b.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"data\":{\"type\":\"offer\"}}");
            JsonNode signal = a.expect("signal");
            assertThat(signal.path("from").asText()).isEqualTo(b.peerId);
            assertThat(signal.path("contactKey").asText()).isEqualTo(shared);
        }
    }

    @Test
    void healthProbesAndThePageAreServed() throws Exception {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        try (WsClient client = WsClient.connect(base)) {
            given().get("/health").then().statusCode(200).body("status", equalTo("ok")).body("sessions", greaterThanOrEqualTo(1));
        }
        given().get("/").then().statusCode(200).contentType(ContentType.HTML);
        given().get("/config").then().statusCode(200).body("unitSeconds", equalTo(3600));
    }
}
