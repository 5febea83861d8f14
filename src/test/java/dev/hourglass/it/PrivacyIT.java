package dev.hourglass.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.AppInstance;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.Ids;
import dev.hourglass.support.WsClient;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The privacy promise, proven on the packaged application with every logger at TRACE: a full scenario (registration
 * with a key, a signed binding, a room, contact signals, the relay, y-webrtc, a realm) leaves no payload, room name, topic,
 * peer id, contact key, user id or public key in the log, and the process writes no file: its working directory and
 * temporary directory stay empty, and it holds no regular file open but its own code.
 */
class PrivacyIT {

    @Test
    void atTraceNothingAClientSentIsLoggedAndNoFileIsWritten() throws Exception {
        Files.deleteIfExists(Path.of("target/cluster-it/privacy.log"));
        Path work = Files.createTempDirectory("hourglass-privacy-work-");
        Path temp = Files.createTempDirectory("hourglass-privacy-tmp-");
        List<String> secrets = new ArrayList<>();
        try (AppInstance app = new AppInstance("privacy", Map.of("quarkus.log.level", "TRACE", "quarkus.log.console.level", "TRACE",
                "java.io.tmpdir", temp.toString())).in(work).jvm("-XX:-UsePerfData").start()) {
            app.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(30));
            String base = app.base().toString();

            String room = "privacy-room-" + UUID.randomUUID();
            String topic = "privacy-topic-" + UUID.randomUUID();
            String sdp = "privacy-sdp-" + UUID.randomUUID();
            String relayed = "privacy-relayed-" + UUID.randomUUID();
            String shared = Ids.id();
            String aliceUser = Ids.id();
            String bobUser = Ids.id();
            Ed25519TestKey key = new Ed25519TestKey();
            secrets.addAll(List.of(room, topic, sdp, relayed, shared, aliceUser, bobUser, key.publicKey()));

            given().baseUri(base).contentType(ContentType.JSON).body("{\"ephemeralContactKeysList\":[\"" + shared + "\"],\"tempEphemeralUserId\":\""
                    + aliceUser + "\",\"hourId\":" + Ids.currentHour() + ",\"publicKey\":\"" + key.publicKey() + "\"}").post("/register")
                    .then().statusCode(202);
            given().baseUri(base).contentType(ContentType.JSON).body("{\"ephemeralContactKeysList\":[\"" + shared + "\"],\"tempEphemeralUserId\":\""
                    + bobUser + "\",\"hourId\":" + Ids.currentHour() + "}").post("/register").then().statusCode(202);
            // A bad registration too: its problem must not quote it.
            given().baseUri(base).contentType(ContentType.JSON).body("{\"ephemeralContactKeysList\":[\"" + sdp + "\"]}").post("/register")
                    .then().statusCode(400);

            try (WsClient alice = WsClient.connect(app.base()); WsClient bob = WsClient.connect(app.base())) {
                secrets.add(alice.peerId);
                secrets.add(bob.peerId);
                String hello = "{\"type\":\"hello\",\"userId\":\"" + aliceUser + "\",\"hourId\":" + Ids.currentHour()
                        + ",\"contactKeys\":[\"" + shared + "\"]}";
                alice.send(hello);
                String nonce = alice.expect("challenge").path("nonce").asText();
                alice.send(hello.substring(0, hello.length() - 1) + ",\"signature\":\"" + key.sign(nonce) + "\"}").expect("bound");
                bob.send("{\"type\":\"hello\",\"userId\":\"" + bobUser + "\",\"hourId\":" + Ids.currentHour() + ",\"contactKeys\":[\"" + shared
                        + "\"]}").expect("bound");
                alice.expect("contact-online");
                bob.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"sdp\":\"" + sdp + "\"}");
                assertThat(alice.expect("signal").path("sdp").asText()).isEqualTo(sdp);

                WsClient.joinInTurn(room, alice, bob);
                alice.send("{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}");
                JsonNode offer = bob.expect("offer");
                assertThat(offer.path("sdp").asText()).isEqualTo(sdp);
                alice.send("{\"type\":\"offer\",\"sdp\":\"" + sdp);
                alice.expectError("bad-json");
            }
            try (FrameSocket left = FrameSocket.open(app.base(), "/relay/" + room); FrameSocket right = FrameSocket.open(app.base(), "/" + room);
                    FrameSocket yjs = FrameSocket.open(app.base(), "/yjs")) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    left.sendText(relayed);
                    assertThat(right.poll(Duration.ofMillis(100))).isNotNull();
                });
                yjs.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
                yjs.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":\"" + sdp + "\"}");
                assertThat(yjs.next().text()).contains(sdp);
                yjs.sendText("{\"type\":\"publish\",\"topic\":\"" + topic);
                assertThat(yjs.next().text()).contains("bad-json");
            }
            // A realm: founded, a bound invitation redeemed, signals between its members, a refused stranger.
            Ed25519TestKey founder = new Ed25519TestKey();
            Ed25519TestKey member = new Ed25519TestKey();
            RealmWire.Charter charter = RealmWire.found(founder);
            String invitation = RealmWire.invitation();
            secrets.addAll(List.of(charter.realm(), charter.salt(), founder.publicKey(), member.publicKey(), RealmWire.identityId(founder),
                    RealmWire.identityId(member), invitation));
            try (WsClient a = WsClient.connect(app.base()); WsClient b = WsClient.connect(app.base()); WsClient s = WsClient.connect(app.base())) {
                a.send(RealmWire.create(charter, founder, RealmWire.challenge(a))).expect("realm-joined");
                a.send(RealmWire.inviteBound(charter, invitation, member, RealmWire.admit(charter, founder, member))).expect("realm-invited");
                b.send(RealmWire.accept(charter, member, invitation, RealmWire.challenge(b))).expect("realm-joined");
                a.expect("peer-joined");
                b.send("{\"type\":\"realm-signal\",\"realm\":\"" + charter.realm() + "\",\"sdp\":\"" + sdp + "\"}");
                assertThat(a.expect("realm-signal").path("sdp").asText()).isEqualTo(sdp);
                s.send(RealmWire.accept(charter, new Ed25519TestKey(), invitation, RealmWire.challenge(s)));
                s.expectError("realm-refused");
            }

            List<String> openFiles = openRegularFiles(app.pid());
            assertThat(openFiles).as("the process holds no file open but its code and the JDK's").allSatisfy(file ->
                    assertThat(file).matches(".*(\\.jar|\\.so(\\.[0-9.]+)?|/lib/modules|\\.jsa|/classes\\.jsa)$"));
        }
        String log = Files.readString(Path.of("target/cluster-it/privacy.log"));
        assertThat(log).as("the instance logged at TRACE").contains("TRACE");
        assertThat(log).as("the effective limits, in one line at start").containsPattern("limits: ws.max-connections=\\d+ .* shutdown.drain=PT");
        for (String secret : secrets) {
            assertThat(log).as("the log holds nothing a client sent").doesNotContain(secret);
            assertThat(log.toLowerCase()).doesNotContain(secret.toLowerCase());
        }
        assertThat(tree(work)).as("nothing written in the working directory").isEmpty();
        assertThat(tree(temp)).as("nothing written in the temporary directory").isEmpty();
    }

    private static List<String> openRegularFiles(long pid) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                if (List.of("0", "1", "2").contains(descriptor.getFileName().toString())) {
                    continue; // standard streams: the launcher's (here the test's log file), not the server's doing
                }
                try {
                    Path target = Files.readSymbolicLink(descriptor);
                    // /proc and /sys are the kernel's views of the process, not files on a disk: the JVM reads them
                    // now and then by itself (strace shows its JIT compiler threads opening the cgroup's
                    // memory.limit_in_bytes and memory.stat), and one may be open at the moment of listing.
                    if (target.isAbsolute() && !target.startsWith("/proc") && !target.startsWith("/sys") && Files.isRegularFile(target)) {
                        files.add(target.toString());
                    }
                } catch (IOException closedMeanwhile) {
                    // gone between the listing and the read
                }
            }
        }
        return files;
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !path.equals(root)).map(Path::toString).toList();
        }
    }
}
