package dev.hourglass.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.support.CleanPair;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.Ids;
import dev.hourglass.support.RawUpgrade;
import dev.hourglass.support.RawWebSocket;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Combinators;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on every endpoint at once, generated (jqwik's generators, and seeded random bytes) and hand-picked: random and
 * malformed JSON, deep nesting, huge strings, numbers and arrays, invalid UTF-8, binary where text is expected, frames
 * split at every byte, random and truncated /register bodies, broken upgrades. Meanwhile a clean pair keeps exchanging
 * messages: none is lost, its latency stays low, the server never answers 5xx and its heap does not grow.
 */
@QuarkusTest
@TestProfile(FuzzTest.FastClients.class)
class FuzzTest {

    /** The fuzzing client sends far above one user's rate: that limit has tests of its own. */
    public static class FastClients implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.ws.rate-limit", "1000000", "hourglass.ws.rate-burst", "1000000");
        }
    }

    private static final long SEED = 20261201L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    /** JSON-like text: fragments of real messages, brackets, quotes, escapes, numbers, and noise. */
    private static Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true",
                "-0.5e999", "1".repeat(40), "\"type\"", "\"join\"", "\"room\"", "\"to\"", "\"from\"", "\"hello\"", "\"publish\"",
                "\"subscribe\"", "\"topics\"", "\"topic\"", "\"signal\"", "\"contactKeys\"", "\"x\"", " ", "\n", "\u00e9", "\uffff");
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(20);
        return Arbitraries.oneOf(token, token, token, noise).list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    /** Realm messages with fields of every wrong shape, on a connection already in a realm (so its deadline is off). */
    private static Arbitrary<String> realmish() {
        Arbitrary<String> type = Arbitraries.of("realm-challenge", "realm-create", "realm-auth", "realm-accept", "realm-invite",
                "realm-signal", "realm-leave", "realm-x", "server-proof");
        Arbitrary<String> field = Arbitraries.of("realm", "founder", "salt", "key", "proof", "chain", "invitation", "expiresIn",
                "admission", "to", "nonce", "data");
        Arbitrary<String> value = Arbitraries.of("null", "1", "-1", "1e99", "\"\"", "\"AAAA\"", "\"" + "A".repeat(43) + "\"",
                "\"" + "A".repeat(86) + "\"", "[]", "[1]", "[{}]", "[{\"key\":1,\"signature\":[]}]", "{}", "[\"x\",\"y\"]", "true");
        Arbitrary<String> member = Combinators.combine(field, value).as((name, v) -> "\"" + name + "\":" + v);
        return Combinators.combine(type, member.list().uniqueElements(m -> m.substring(0, m.indexOf(':'))).ofMaxSize(6))
                .as((t, members) -> "{\"type\":\"" + t + "\"" + members.stream().map(m -> "," + m).reduce("", String::concat) + "}");
    }

    private static List<String> nasty() {
        return List.of("[".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"type\":\"join\",\"room\":\"" + "r".repeat(60_000) + "\"}",
                "{\"type\":\"ping\",\"n\":" + "9".repeat(5000) + "}", "{\"type\":\"ping\",\"a\":[" + "1,".repeat(20_000) + "1]}",
                "{\"type\":\"publish\",\"topic\":\"t\",\"data\":" + "\"x\",".repeat(1) + "}", "", " ", "\"just a string\"", "1e99999",
                "{\"type\":\"subscribe\",\"topics\":[" + "\"t\",".repeat(5000) + "\"t\"]}", "{\"type\":\"hello\",\"contactKeys\":"
                        + "[\"" + Ids.id() + "\"]".repeat(1) + ",\"hourId\":-99999999999999999999}");
    }

    @Test
    void badInputEverywhereNeverHurtsTheServerOrAPairExchangingMessages() throws Exception {
        Random random = new Random(SEED);
        List<String> texts = new ArrayList<>(jsonish().sampleStream().limit(400).toList());
        texts.addAll(nasty());
        System.gc();
        long heapBefore = usedHeap();

        try (CleanPair pair = CleanPair.start(base, Duration.ofMillis(5))) {
            fuzzWs(texts, random);
            fuzzRealms(realmish().sampleStream().limit(300).toList());
            fuzzYjs(texts, random);
            fuzzRelay(random);
            fuzzRegister(texts, random);
            fuzzUpgrades();
            pair.stopAndCheck(50, Duration.ofMillis(250));
        }
        given().get("/health").then().statusCode(200);
        System.gc();
        assertThat(usedHeap() - heapBefore).as("heap growth after the fuzzing, bytes").isLessThan(64L << 20);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private void fuzzRealms(List<String> texts) throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        try (WsClient client = WsClient.connect(base)) {
            client.send(RealmWire.create(RealmWire.found(founder), founder, RealmWire.challenge(client))).expect("realm-joined");
            for (String text : texts) {
                client.send(text);
                client.send("{\"type\":\"ping\"}");
                String type;
                while (!(type = client.next().path("type").asText()).equals("pong")) {
                    assertThat(type).as("an answer to " + abbreviate(text)).isIn("error", "realm-challenge", "realm-left", "server-proof");
                }
            }
            client.assertAlive();
        }
    }

    private void fuzzWs(List<String> texts, Random random) throws Exception {
        try (WsClient client = WsClient.connect(base)) {
            for (String text : texts) {
                // The ping behind each message proves it was served; whatever came before its pong answers it.
                client.send(text);
                client.send("{\"type\":\"ping\"}");
                String type;
                while (!(type = client.next().path("type").asText()).equals("pong")) {
                    assertThat(type).as("an answer to " + abbreviate(text)).isIn("error", "joined", "left", "challenge", "bound");
                }
            }
            // A generated ping has a pong of its own, one ahead of ours: whatever is left is drained first.
            while (client.nextWithin(Duration.ofMillis(300)) != null) {
                // drained
            }
            client.assertAlive();
        }
        // A valid join in one frame, sent one byte per write: the server assembles it.
        try (RawWebSocket raw = new RawWebSocket(base)) {
            raw.readFrame();
            raw.sendFrameByteByByte(RawWebSocket.TEXT, ("{\"type\":\"join\",\"room\":\"bytes-" + random.nextInt() + "\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(raw.readFrame().text()).contains("\"type\":\"joined\"");
        }
        // Invalid UTF-8 in a text frame: the connection ends with a close code, never with a crash.
        for (byte[] invalid : List.of(new byte[] {'{', (byte) 0xC3, '}'}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xFF, (byte) 0xFE})) {
            try (RawWebSocket raw = new RawWebSocket(base)) {
                raw.readFrame();
                raw.sendFrame(RawWebSocket.TEXT, true, invalid);
                RawWebSocket.Frame answer = raw.readFrame();
                assertThat(answer.opcode() == RawWebSocket.CLOSE || answer.text().contains("\"type\":\"error\"")).isTrue();
            }
        }
        try (WsClient client = WsClient.connect(base)) {
            byte[] bytes = new byte[256];
            random.nextBytes(bytes);
            client.sendBinary(bytes);
            client.expectError("binary-not-supported");
        }
    }

    private void fuzzYjs(List<String> texts, Random random) throws Exception {
        try (FrameSocket client = FrameSocket.open(base, "/yjs")) {
            for (String text : texts) {
                client.sendText(text);
                client.sendText("{\"type\":\"ping\"}");
                String answer;
                while (!(answer = client.next().text()).equals("{\"type\":\"pong\"}")) {
                    assertThat(JSON.readTree(answer).path("type").asText()).as("an answer to " + abbreviate(text)).isIn("error", "publish");
                }
            }
            while (client.poll(Duration.ofMillis(300)) != null) {
                // drained, as above
            }
            byte[] bytes = new byte[64];
            random.nextBytes(bytes);
            client.sendBinary(bytes);
            assertThat(client.next().text()).contains("binary-not-supported");
        }
    }

    private void fuzzRelay(Random random) throws Exception {
        try (FrameSocket a = FrameSocket.open(base, "/relay/fuzz-" + random.nextInt()); FrameSocket b = FrameSocket.open(base, "/fuzz-" + random.nextInt())) {
            for (int i = 0; i < 300; i++) {
                byte[] frame = new byte[random.nextInt(2000)];
                random.nextBytes(frame);
                if (i % 3 == 0 && frame.length > 0) {
                    frame[0] = (byte) random.nextInt(3);
                }
                a.sendBinary(frame);
                b.sendText(new String(frame, StandardCharsets.ISO_8859_1));
            }
            assertThat(a.isClosed()).isFalse();
            assertThat(b.isClosed()).isFalse();
        }
    }

    private void fuzzRegister(List<String> texts, Random random) throws Exception {
        String valid = "{\"ephemeralContactKeysList\":[\"" + Ids.id() + "\"],\"tempEphemeralUserId\":\"" + Ids.id() + "\",\"hourId\":"
                + Ids.currentHour() + "}";
        List<byte[]> bodies = new ArrayList<>();
        texts.forEach(text -> bodies.add(text.getBytes(StandardCharsets.UTF_8)));
        for (int cut = 0; cut < valid.length(); cut += 7) {
            bodies.add(valid.substring(0, cut).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[random.nextInt(512)];
            random.nextBytes(bytes);
            bodies.add(bytes);
        }
        for (byte[] body : bodies) {
            int status = given().contentType(ContentType.JSON).body(body).post("/register").then().extract().statusCode();
            assertThat(status).as("the answer to a bad body").isIn(202, 400, 413);
        }
        // A body that stops before its announced length: the server waits, then the client gives up; nothing breaks.
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"ephem")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private void fuzzUpgrades() throws Exception {
        for (String[] headers : List.of(new String[] {"Sec-WebSocket-Version: 7"}, new String[] {"Sec-WebSocket-Key: "},
                new String[] {"Upgrade: h2c"}, new String[] {"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99"})) {
            RawUpgrade.Answer answer = RawUpgrade.send(base, "/ws", headers);
            assertThat(answer.status()).as("an upgrade with " + String.join(", ", headers)).isLessThan(500);
        }
        // An upgrade with a body: Vert.x reads a small one before it answers; past its 8 KiB it answers 413 and closes
        // once the answer is written, so HandshakeFlush must not hold a refusal (only a written 101).
        assertThat(RawUpgrade.send(base, "/ws", new byte[16], "Content-Length: 16").status()).isEqualTo(101);
        assertThat(RawUpgrade.send(base, "/ws", new byte[9000], "Content-Length: 9000").status()).isEqualTo(413);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GARBAGE \u0001\u0002 HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = socket.getInputStream().readNBytes(12);
            String status = new String(head, StandardCharsets.US_ASCII);
            assertThat(status.isEmpty() || !status.startsWith("HTTP/1.1 5")).as(status).isTrue();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…(" + text.length() + ")";
    }
}
