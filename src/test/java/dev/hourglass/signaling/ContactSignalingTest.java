package dev.hourglass.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.Ids;
import dev.hourglass.support.NothingLeftBehind;
import dev.hourglass.support.TestClock;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ContactSignalingTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @AfterEach
    void nothingLeftBehind() throws Exception {
        NothingLeftBehind.check();
    }

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    /** A user of one unit: its ids, as a client derives them, registered over HTTP. */
    record User(String userId, List<String> contactKeys, long hour, Ed25519TestKey key) {

        static User register(long hour, Ed25519TestKey key, String... contactKeys) {
            User user = new User(Ids.id(), List.of(contactKeys), hour, key);
            String body = "{\"ephemeralContactKeysList\":[\"" + String.join("\",\"", contactKeys) + "\"],\"tempEphemeralUserId\":\""
                    + user.userId + "\",\"hourId\":" + hour + (key == null ? "" : ",\"publicKey\":\"" + key.publicKey() + "\"") + "}";
            given().contentType(ContentType.JSON).body(body).post("/register").then().statusCode(202);
            return user;
        }

        String hello() {
            return "{\"type\":\"hello\",\"userId\":\"" + userId + "\",\"hourId\":" + hour + ",\"contactKeys\":[\""
                    + String.join("\",\"", contactKeys) + "\"]}";
        }

        String hello(String signature) {
            return hello().replace("}", ",\"signature\":\"" + signature + "\"}");
        }
    }

    private static JsonNode bind(WsClient client, User user) throws Exception {
        client.send(user.hello());
        return client.expect("bound");
    }

    @Test
    void twoContactsFindEachOtherSignalAndSeePresence() throws Exception {
        long hour = Ids.currentHour();
        String shared = Ids.id();
        User alice = User.register(hour, null, shared, Ids.id());
        User bob = User.register(hour, null, shared);
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            JsonNode aliceBound = bind(a, alice);
            assertThat(aliceBound.path("hourId").asLong()).isEqualTo(hour);
            assertThat(aliceBound.path("expiresAt").asText()).isEqualTo(Instant.ofEpochSecond((hour + 2) * 3600).toString());
            assertThat(aliceBound.path("online")).isEmpty();

            JsonNode bobBound = bind(b, bob);
            assertThat(bobBound.path("online")).hasSize(1);
            assertThat(bobBound.path("online").get(0).path("contactKey").asText()).isEqualTo(shared);
            assertThat(bobBound.path("online").get(0).path("peerId").asText()).isEqualTo(a.peerId);
            JsonNode online = a.expect("contact-online");
            assertThat(online.path("contactKey").asText()).isEqualTo(shared);
            assertThat(online.path("peerId").asText()).isEqualTo(b.peerId);

            a.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"data\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
            JsonNode received = b.expect("signal");
            assertThat(received.path("from").asText()).isEqualTo(a.peerId);
            assertThat(received.path("contactKey").asText()).isEqualTo(shared);
            assertThat(received.path("data").path("sdp").asText()).isEqualTo("v=0");
            a.expectNothing(QUIET);

            b.close();
            JsonNode offline = a.expect("contact-offline");
            assertThat(offline.path("contactKey").asText()).isEqualTo(shared);
            assertThat(offline.path("peerId").asText()).isEqualTo(b.peerId);
            a.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"data\":1}").expectError("unreachable");
        }
    }

    @Test
    void signallingNeedsABindingAndOneOfItsOwnKeys() throws Exception {
        long hour = Ids.currentHour();
        String shared = Ids.id();
        User alice = User.register(hour, null, shared);
        try (WsClient a = WsClient.connect(base)) {
            a.send("{\"type\":\"signal\",\"to\":\"" + shared + "\"}").expectError("not-bound");
            a.send("{\"type\":\"hello\",\"userId\":\"" + Ids.id() + "\",\"hourId\":" + hour + ",\"contactKeys\":[]}")
                    .expectError("not-registered");
            a.send("{\"type\":\"hello\",\"userId\":\"" + alice.userId() + "\",\"hourId\":" + (hour - 5) + "}").expectError("not-registered");
            a.send("{\"type\":\"hello\",\"userId\":\"XYZ\",\"hourId\":" + hour + "}").expectError("bad-message");
            a.send("{\"type\":\"hello\",\"userId\":\"" + alice.userId() + "\"}").expectError("bad-message");
            a.send("{\"type\":\"hello\",\"userId\":\"" + alice.userId() + "\",\"hourId\":" + hour + ",\"contactKeys\":[\"" + Ids.id() + "\"]}")
                    .expectError("unknown-contact-key");
            bind(a, alice);
            a.send("{\"type\":\"signal\",\"to\":\"" + Ids.id() + "\"}").expectError("unknown-contact-key");
            a.send("{\"type\":\"signal\",\"to\":\"" + shared + "\"}").expectError("unreachable");
            a.assertAlive();
        }
    }

    @Test
    void aRegisteredPublicKeyMustBeProvenWithASignatureOverTheChallenge() throws Exception {
        long hour = Ids.currentHour();
        String shared = Ids.id();
        Ed25519TestKey aliceKey = new Ed25519TestKey();
        User alice = User.register(hour, aliceKey, shared);
        User bob = User.register(hour, null, shared);
        try (WsClient a = WsClient.connect(base); WsClient impostor = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            bind(b, bob);

            impostor.send(alice.hello());
            String nonce = impostor.expect("challenge").path("nonce").asText();
            impostor.send(alice.hello(new Ed25519TestKey().sign(nonce))).expectError("bad-signature");
            impostor.send("{\"type\":\"signal\",\"to\":\"" + shared + "\"}").expectError("not-bound");
            // A challenge is good for one try only.
            impostor.send(alice.hello(aliceKey.sign(nonce))).expectError("bad-signature");
            b.expectNothing(QUIET);

            a.send(alice.hello());
            String fresh = a.expect("challenge").path("nonce").asText();
            assertThat(fresh).isNotEqualTo(nonce);
            a.send(alice.hello(aliceKey.sign(fresh)));
            assertThat(a.expect("bound").path("online").get(0).path("peerId").asText()).isEqualTo(b.peerId);
            assertThat(b.expect("contact-online").path("peerId").asText()).isEqualTo(a.peerId);
            a.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"n\":1}");
            assertThat(b.expect("signal").path("from").asText()).isEqualTo(a.peerId);
        }
    }

    @Test
    void whenTheRegistrationExpiresTheBindingEndsWithARebind() throws Exception {
        long hour = Ids.currentHour() + 20;
        // One and a half seconds before the end of unit hour+1: unit `hour` is the previous one, still accepted.
        TestClock.INSTANCE.set(Instant.ofEpochSecond((hour + 2) * 3600).minusMillis(1500));
        String shared = Ids.id();
        User alice = User.register(hour, null, shared);
        User bob = User.register(hour, null, shared);
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            bind(a, alice);
            bind(b, bob);
            a.expect("contact-online");

            // Whichever binding ends first tells the other one it went offline before that one's own rebind.
            for (WsClient client : new WsClient[] {a, b}) {
                JsonNode message = client.next();
                if (message.path("type").asText().equals("contact-offline")) {
                    message = client.next();
                }
                assertThat(message.path("type").asText()).isEqualTo("rebind");
                assertThat(message.path("reason").asText()).isEqualTo("expired");
                assertThat(message.path("hourId").asLong()).isEqualTo(hour + 2);
            }
            // The two bindings may end at the same moment on different event loops, so the other's contact-offline
            // can reach a client just after its own rebind; it is skipped here, the error must still follow.
            a.send("{\"type\":\"signal\",\"to\":\"" + shared + "\"}");
            JsonNode answer = a.next();
            if (answer.path("type").asText().equals("contact-offline")) {
                answer = a.next();
            }
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("error");
            assertThat(answer.path("code").asText()).isEqualTo("not-bound");
            a.assertAlive();
        }
    }
}
