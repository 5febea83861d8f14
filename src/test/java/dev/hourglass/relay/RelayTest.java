package dev.hourglass.relay;

import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.NothingLeftBehind;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The y-websocket relay by hand: what is relayed, to whom, what is answered, what a closing connection leaves. */
@QuarkusTest
class RelayTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void nothingLeftBehind() throws Exception {
        NothingLeftBehind.check();
    }

    private static String room() {
        return "relay-" + UUID.randomUUID();
    }

    /**
     * Waits until the sockets (one room) are members of it together: a text probe from the first is relayed to every
     * other only then (a lone connection's text goes nowhere). Every probe is drained.
     */
    static void together(FrameSocket... sockets) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            String probe = "probe-" + attempt;
            sockets[0].sendText(probe);
            boolean all = true;
            for (int i = 1; i < sockets.length; i++) {
                all &= receivesWithin(sockets[i], probe, Duration.ofMillis(100));
            }
            if (all) {
                for (FrameSocket socket : sockets) {
                    drainProbes(socket);
                }
                return;
            }
        }
        throw new AssertionError("the connections never met in their room");
    }

    private static boolean receivesWithin(FrameSocket socket, String probe, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            FrameSocket.Received received = socket.poll(Duration.ofMillis(20));
            if (received != null && !received.binary() && received.text().equals(probe)) {
                return true;
            }
        }
        return false;
    }

    private static void drainProbes(FrameSocket socket) throws Exception {
        FrameSocket.Received received;
        while ((received = socket.poll(Duration.ofMillis(150))) != null) {
            assertThat(received.text()).as("only probes are left").startsWith("probe-");
        }
    }

    @Test
    void everyFrameBinaryOrTextGoesUnchangedToTheOthersOfItsRoomOnly() throws Exception {
        String room = room();
        byte[] sealed = new byte[300];
        new SecureRandom().nextBytes(sealed);
        try (FrameSocket a = FrameSocket.open(base, "/relay/" + room);
                FrameSocket b = FrameSocket.open(base, "/relay/" + room + "?token=x&v=2");
                // The original URL form is the same room.
                FrameSocket c = FrameSocket.open(base, "/" + room);
                FrameSocket elsewhere = FrameSocket.open(base, "/relay/" + room())) {
            together(a, b, c);
            a.sendBinary(sealed);
            for (FrameSocket other : new FrameSocket[] {b, c}) {
                FrameSocket.Received received = other.next();
                assertThat(received.binary()).isTrue();
                assertThat(received.bytes()).isEqualTo(sealed);
            }
            c.sendText("{\"any\":\"text, not parsed\"");
            for (FrameSocket other : new FrameSocket[] {a, b}) {
                FrameSocket.Received received = other.next();
                assertThat(received.binary()).isFalse();
                assertThat(received.text()).isEqualTo("{\"any\":\"text, not parsed\"");
            }
            a.expectNothing(QUIET);
            c.expectNothing(Duration.ZERO);
            elsewhere.expectNothing(Duration.ZERO);
            given().get("/health").then().body("relayRooms", equalTo(2));
        }
    }

    @Test
    void aLoneClientGetsAnEmptySyncStep2AndItsOwnAwarenessAndNothingElse() throws Exception {
        String room = room();
        try (FrameSocket alone = FrameSocket.open(base, "/relay/" + room)) {
            alone.sendBinary(YMessages.syncStep1());
            FrameSocket.Received answer = alone.next();
            assertThat(answer.binary()).isTrue();
            assertThat(answer.bytes()).isEqualTo(YMessages.emptySyncStep2());

            byte[] awareness = YMessages.awareness(1234567, 3, "{\"user\":{\"name\":\"a\"}}");
            alone.sendBinary(awareness);
            assertThat(alone.next().bytes()).isEqualTo(awareness);

            // An update, a frame that only starts like a SyncStep1, a sealed frame, text: nobody to relay to, no answer.
            alone.sendBinary(new byte[] {0, 2, 3, 1, 0, 0});
            alone.sendBinary(new byte[] {0, 0, 5, 1, 2});
            byte[] sealed = new byte[64];
            new SecureRandom().nextBytes(sealed);
            sealed[0] = 0;
            sealed[1] = 0;
            alone.sendBinary(sealed);
            alone.sendBinary(new byte[] {1, 9, 1, 1, 1, 4, 'n', 'u', 'l'});
            alone.sendText("hello?");
            alone.expectNothing(QUIET);

            // With a second peer the relay only relays: the SyncStep1 is the peer's to answer.
            try (FrameSocket peer = FrameSocket.open(base, "/relay/" + room)) {
                together(alone, peer);
                alone.sendBinary(YMessages.syncStep1());
                assertThat(peer.next().bytes()).isEqualTo(YMessages.syncStep1());
                alone.expectNothing(QUIET);
            }
        }
    }

    @Test
    void whenAConnectionEndsItsRoomIsToldItsOwnAwarenessClientsAreGone() throws Exception {
        String room = room();
        try (FrameSocket alice = FrameSocket.open(base, "/relay/" + room);
                FrameSocket bob = FrameSocket.open(base, "/relay/" + room);
                FrameSocket carol = FrameSocket.open(base, "/relay/" + room)) {
            together(alice, bob, carol);
            byte[] aliceState = YMessages.awareness(77, 3, "{\"cursor\":1}");
            alice.sendBinary(aliceState);
            assertThat(bob.next().bytes()).isEqualTo(aliceState);
            assertThat(carol.next().bytes()).isEqualTo(aliceState);
            // A y-websocket provider re-broadcasts the awareness it receives: bob sends alice's state back, then his own.
            bob.sendBinary(aliceState);
            byte[] bobState = YMessages.awareness(88, 1, "{}");
            bob.sendBinary(bobState);
            for (FrameSocket other : new FrameSocket[] {alice, carol}) {
                assertThat(other.next().bytes()).isEqualTo(aliceState);
                assertThat(other.next().bytes()).isEqualTo(bobState);
            }

            // Bob's connection drops without a word: alice and carol are told that bob's client (only his) is gone,
            // at the clock after his last.
            bob.close();
            for (FrameSocket other : new FrameSocket[] {alice, carol}) {
                assertThat(other.next().bytes()).isEqualTo(YMessages.awareness(88, 2, "null"));
            }
            // A client that removed itself is not removed again.
            carol.sendBinary(YMessages.awareness(99, 5, "{}"));
            carol.sendBinary(YMessages.awareness(99, 6, "null"));
            assertThat(alice.next().bytes()).isEqualTo(YMessages.awareness(99, 5, "{}"));
            assertThat(alice.next().bytes()).isEqualTo(YMessages.awareness(99, 6, "null"));
            carol.close();
            alice.expectNothing(QUIET);
        }
    }

    @Test
    void theRootPathIsTheRoomDefaultAndServerPathsAreNotRooms() throws Exception {
        try (FrameSocket root = FrameSocket.open(base, "/"); FrameSocket named = FrameSocket.open(base, "/relay/default")) {
            together(root, named);
            root.sendText("same room");
            assertThat(named.next().text()).isEqualTo("same room");
        }
        // Plain requests still reach the server's pages and endpoints.
        given().get("/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("text/html"));
        given().get("/no-such-page").then().statusCode(404);
        // The relay's own path takes WebSocket upgrades only.
        given().get("/relay/some-room").then().statusCode(426).contentType("application/problem+json")
                .body("type", equalTo("urn:hourglass:problem:upgrade-required"));
        // /q/ is the server's: an upgrade there is not a relay room.
        given().header("Upgrade", "websocket").header("Connection", "Upgrade").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").get("/q/health/live").then().statusCode(200);
    }

    @Test
    void bytesArriveAsSentWhateverTheyHold() throws Exception {
        String room = room();
        try (FrameSocket a = FrameSocket.open(base, "/" + room); FrameSocket b = FrameSocket.open(base, "/" + room)) {
            together(a, b);
            String text = "ünïcødé ✓ " + "x".repeat(20_000);
            a.sendText(text);
            assertThat(new String(b.next().bytes(), StandardCharsets.UTF_8)).isEqualTo(text);
            a.sendBinary(new byte[0]);
            assertThat(b.next().bytes()).isEmpty();
        }
    }
}
