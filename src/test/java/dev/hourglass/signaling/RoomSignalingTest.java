package dev.hourglass.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.LogCapture;
import dev.hourglass.support.NothingLeftBehind;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class RoomSignalingTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @AfterEach
    void nothingLeftBehind() throws Exception {
        NothingLeftBehind.check();
    }

    @TestHTTPResource("/")
    URI base;

    private static String room() {
        return "room-" + UUID.randomUUID();
    }

    private static String join(String room) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }


    @Test
    void theOriginalClientsFlowArrivesUnchangedPlusFrom() throws Exception {
        String room = room();
        try (WsClient alice = WsClient.connect(base); WsClient bob = WsClient.connect(base)) {
            alice.send(join(room));
            JsonNode joined = alice.expect("joined");
            assertThat(joined.path("room").asText()).isEqualTo(room);
            assertThat(joined.path("peers")).isEmpty();

            bob.send(join(room));
            assertThat(bob.expect("joined").path("peers").get(0).asText()).isEqualTo(alice.peerId);
            JsonNode peerJoined = alice.expect("peer-joined");
            assertThat(peerJoined.path("peerId").asText()).isEqualTo(bob.peerId);
            assertThat(peerJoined.path("room").asText()).isEqualTo(room);

            String offer = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
                    + "a=group:BUNDLE 0\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\n\"}";
            alice.send(offer);
            assertThat(bob.next()).isEqualTo(WsClient.withFrom(offer, alice.peerId));

            String answer = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}";
            bob.send(answer);
            assertThat(alice.next()).isEqualTo(WsClient.withFrom(answer, bob.peerId));

            String ice = "{\"type\":\"ice\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}}";
            alice.send(ice);
            assertThat(bob.next()).isEqualTo(WsClient.withFrom(ice, alice.peerId));

            alice.expectNothing(QUIET);
            bob.expectNothing(QUIET);
        }
    }

    @Test
    void broadcastDirectedAndGroupReachExactlyTheirTargetsAndNeverTheSender() throws Exception {
        String room = room();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base);
                WsClient c = WsClient.connect(base); WsClient d = WsClient.connect(base)) {
            WsClient.joinInTurn(room, a, b, c, d);

            a.send("{\"type\":\"signal\",\"n\":1}");
            for (WsClient other : new WsClient[] {b, c, d}) {
                assertThat(other.next().path("n").asInt()).isEqualTo(1);
            }

            a.send("{\"type\":\"signal\",\"n\":2,\"to\":\"" + c.peerId + "\"}");
            JsonNode directed = c.next();
            assertThat(directed.path("n").asInt()).isEqualTo(2);
            assertThat(directed.path("from").asText()).isEqualTo(a.peerId);

            a.send("{\"type\":\"signal\",\"n\":3,\"to\":[\"" + b.peerId + "\",\"" + d.peerId + "\"]}");
            assertThat(b.next().path("n").asInt()).isEqualTo(3);
            assertThat(d.next().path("n").asInt()).isEqualTo(3);

            a.expectNothing(QUIET);
            b.expectNothing(QUIET);
            c.expectNothing(QUIET);
            d.expectNothing(QUIET);
        }
    }

    @Test
    void leavingAndClosingTellTheOthers() throws Exception {
        String room = room();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base); WsClient c = WsClient.connect(base)) {
            WsClient.joinInTurn(room, a, b, c);

            b.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}").expect("left");
            assertThat(a.expect("peer-left").path("peerId").asText()).isEqualTo(b.peerId);
            assertThat(c.expect("peer-left").path("peerId").asText()).isEqualTo(b.peerId);
            b.send("{\"type\":\"offer\",\"sdp\":\"x\"}").expectError("unknown-type");

            c.close();
            JsonNode left = a.expect("peer-left");
            assertThat(left.path("peerId").asText()).isEqualTo(c.peerId);
            assertThat(left.path("room").asText()).isEqualTo(room);
        }
    }

    @Test
    void aConnectionInSeveralRoomsSaysWhichAndEachRoomKeepsItsOwn() throws Exception {
        String red = room();
        String blue = room();
        try (WsClient a = WsClient.connect(base); WsClient inRed = WsClient.connect(base); WsClient inBlue = WsClient.connect(base)) {
            a.send(join(red)).expect("joined");
            a.send(join(blue)).expect("joined");
            inRed.send(join(red)).expect("joined");
            inBlue.send(join(blue)).expect("joined");
            a.expect("peer-joined");
            a.expect("peer-joined");

            a.send("{\"type\":\"offer\",\"sdp\":\"x\"}").expectError("room-required");
            a.send("{\"type\":\"offer\",\"sdp\":\"red\",\"room\":\"" + red + "\"}");
            assertThat(inRed.next().path("sdp").asText()).isEqualTo("red");
            a.send("{\"type\":\"offer\",\"sdp\":\"blue\",\"room\":\"" + blue + "\"}");
            assertThat(inBlue.next().path("sdp").asText()).isEqualTo("blue");
            inRed.expectNothing(QUIET);
            inBlue.expectNothing(QUIET);

            a.send("{\"type\":\"offer\",\"sdp\":\"x\",\"room\":\"" + room() + "\"}").expectError("not-in-room");
            a.send("{\"type\":\"offer\",\"sdp\":\"x\",\"room\":\"" + red + "\",\"to\":\"" + inBlue.peerId + "\"}").expectError("unknown-peer");
            a.send("{\"type\":\"offer\",\"sdp\":\"x\",\"room\":\"" + red + "\",\"to\":[\"" + inRed.peerId + "\",\"nobody\"]}")
                    .expectError("unknown-peer");
            inRed.expectNothing(QUIET);
            a.assertAlive();
        }
    }

    @Test
    void everyBadMessageGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        String room = room();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            a.send("{not json").expectError("bad-json");
            a.send("[1,2]").expectError("bad-message");
            a.send("{\"room\":\"x\"}").expectError("bad-message");
            a.send("{\"type\":7}").expectError("bad-message");
            a.send("{\"type\":\"offer\"}").expectError("unknown-type");
            a.send("{\"type\":\"join\"}").expectError("bad-message");
            a.send("{\"type\":\"join\",\"room\":\"\"}").expectError("bad-message");
            a.send("{\"type\":\"join\",\"room\":\"" + "r".repeat(129) + "\"}").expectError("bad-message");
            a.send("{\"type\":\"join\",\"room\":\"bad\\u0000name\"}").expectError("bad-message");
            a.send("{\"type\":\"join\",\"room\":\"x\",\"room\":\"y\"}").expectError("bad-json");
            a.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}").expectError("not-in-room");
            a.send("{\"type\":\"ping\"} trailing").expectError("bad-json");
            a.sendBinary(new byte[] {1, 2, 3}).expectError("binary-not-supported");

            a.send(join(room)).expect("joined");
            a.send(join(room)).expectError("already-joined");
            b.send(join(room)).expect("joined");
            a.expect("peer-joined");
            a.send("{\"type\":\"offer\",\"from\":\"" + b.peerId + "\",\"sdp\":\"spoof\"}").expectError("reserved-field");
            b.expectNothing(QUIET);

            a.send("{\"type\":\"offer\",\"sdp\":\"real\"}");
            assertThat(b.next().path("from").asText()).isEqualTo(a.peerId);
            a.assertAlive();
        }
    }

    @Test
    void aMessageSplitIntoFragmentsIsRelayedWhole() throws Exception {
        String room = room();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            WsClient.joinInTurn(room, a, b);
            a.sendPart("{\"type\":\"offer\",", false).sendPart("\"sdp\":\"in three", false).sendPart(" parts\"}", true);
            assertThat(b.next().path("sdp").asText()).isEqualTo("in three parts");
        }
    }

    /** The join may wait on the cluster: what the client sent after it is held and served once it is done, in order. */
    @Test
    void messagesSentRightBehindAJoinAreServedAfterItInOrder() throws Exception {
        String room = room();
        try (WsClient alice = WsClient.connect(base); WsClient bob = WsClient.connect(base)) {
            alice.send(join(room)).expect("joined");
            bob.send(join(room));
            bob.send("{\"type\":\"offer\",\"n\":1}");
            bob.send("{\"type\":\"offer\",\"n\":2}");
            bob.expect("joined");
            assertThat(alice.expect("peer-joined").path("peerId").asText()).isEqualTo(bob.peerId);
            assertThat(alice.expect("offer").path("n").asInt()).isEqualTo(1);
            assertThat(alice.expect("offer").path("n").asInt()).isEqualTo(2);
            bob.expectNothing(QUIET);
        }
    }

    @Test
    void concurrentJoinersEachHearJoinedBeforeAnyNoticeOfTheRoom() throws Exception {
        for (int round = 0; round < 5; round++) {
            String room = room();
            java.util.List<WsClient> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    clients.add(WsClient.connect(base));
                }
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
                try {
                    java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                    for (WsClient client : clients) {
                        sent.add(pool.submit(() -> client.send(join(room))));
                    }
                    for (java.util.concurrent.Future<?> future : sent) {
                        future.get(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                int notices = 0;
                for (WsClient client : clients) {
                    JsonNode first = client.expect("joined");
                    int before = first.path("peers").size();
                    // Everyone not listed in joined arrives later as peer-joined: 7 others in all.
                    for (int i = before; i < 7; i++) {
                        client.expect("peer-joined");
                        notices++;
                    }
                }
                assertThat(notices).isEqualTo(28); // each of the 28 pairs is announced once, to the earlier joiner
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    void healthCountsOpenConnections() throws Exception {
        int before = given().get("/health").then().statusCode(200).extract().path("sessions");
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> (int) given().get("/health").then().extract().path("sessions") == before + 2);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> (int) given().get("/health").then().extract().path("sessions") == before);
    }

    @Test
    void plainHttpOnWsIsAnUpgradeRequiredProblem() {
        given().get("/ws").then().statusCode(426).contentType("application/problem+json");
    }

    @Test
    void nothingAClientSendsIsLogged() throws Exception {
        String room = "secret-room-" + UUID.randomUUID();
        String sdp = "secret-sdp-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
                a.send(join(room)).expect("joined");
                b.send(join(room)).expect("joined");
                a.expect("peer-joined");
                a.send("{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}");
                b.next();
                a.send("{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"").expectError("bad-json");
                a.send("{\"type\":\"join\",\"room\":\"" + room + "\\u0001\"}").expectError("bad-message");
                assertThat(logs.text()).doesNotContain(room).doesNotContain(sdp).doesNotContain(a.peerId).doesNotContain(b.peerId);
            }
        }
    }
}
