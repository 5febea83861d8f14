package dev.hourglass.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.support.AppInstance;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.NodeScripts;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.Ids;
import dev.hourglass.support.RedisResource;
import dev.hourglass.support.RedisServer;
import dev.hourglass.support.WsClient;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the packaged application, as separate processes, on one real Redis server: clients on
 * different instances behave as if they were on one, a killed instance's members are announced as left, and the
 * cluster rides out a Redis outage and a Redis restarted empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMillis(400);
    /** hourglass.cluster.node-timeout of the instances; the bound for announcing a dead one is 10 s. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_PEERS = 6;

    private RedisServer redis;
    private AppInstance a;
    private AppInstance b;
    private AppInstance c;
    /** Everything the clients sent that must never reach Redis in the clear. */
    private final List<String> secrets = new ArrayList<>();

    private Map<String, String> config() {
        return Map.of("hourglass.cluster", "redis", "quarkus.redis.hosts", redis.uri(), "hourglass.blinding.key", RedisResource.BLINDING_KEY,
                "hourglass.cluster.node-timeout", NODE_TIMEOUT.toString(), "hourglass.ws.max-peers-per-room", Integer.toString(MAX_PEERS));
    }

    @BeforeAll
    void start() throws Exception {
        redis = RedisServer.start();
        a = new AppInstance("a", config()).start();
        b = new AppInstance("b", config()).start();
        c = new AppInstance("c", config()).start();
        for (AppInstance instance : List.of(a, b, c)) {
            instance.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(20));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AppInstance instance : List.of(a, b, c)) {
            instance.close();
        }
        redis.close();
    }

    private String room() {
        String room = "cluster-room-" + UUID.randomUUID();
        secrets.add(room);
        return room;
    }

    private static String join(String room) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }


    /** Registers a user with one contact key on an instance; returns the hello that binds it. */
    private String register(AppInstance instance, String userId, String contactKey, Ed25519TestKey key) {
        secrets.add(userId);
        secrets.add(contactKey);
        String body = "{\"ephemeralContactKeysList\":[\"" + contactKey + "\"],\"tempEphemeralUserId\":\"" + userId
                + "\",\"hourId\":" + Ids.currentHour() + (key == null ? "" : ",\"publicKey\":\"" + key.publicKey() + "\"") + "}";
        if (key != null) {
            secrets.add(key.publicKey());
        }
        given().baseUri(instance.base().toString()).contentType(ContentType.JSON).body(body).post("/register").then().statusCode(202);
        return "{\"type\":\"hello\",\"userId\":\"" + userId + "\",\"hourId\":" + Ids.currentHour() + ",\"contactKeys\":[\"" + contactKey + "\"]}";
    }

    @Test
    @Order(1)
    void contactsRegisteredOnOneInstanceBindAndSignalFromOthers() throws Exception {
        String shared = Ids.id();
        String aliceHello = register(a, Ids.id(), shared, null);
        String bobHello = register(b, Ids.id(), shared, null);
        try (WsClient alice = WsClient.connect(b.base()); WsClient bob = WsClient.connect(a.base())) {
            assertThat(alice.send(aliceHello).expect("bound").path("online")).isEmpty();
            JsonNode bound = bob.send(bobHello).expect("bound");
            assertThat(bound.path("online").get(0).path("peerId").asText()).isEqualTo(alice.peerId);
            assertThat(bound.path("online").get(0).path("contactKey").asText()).isEqualTo(shared);
            JsonNode online = alice.expect("contact-online");
            assertThat(online.path("peerId").asText()).isEqualTo(bob.peerId);
            assertThat(online.path("contactKey").asText()).isEqualTo(shared);

            String offer = "{\"type\":\"signal\",\"to\":\"" + shared + "\",\"data\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}";
            bob.send(offer);
            JsonNode signal = alice.expect("signal");
            assertThat(signal.path("from").asText()).isEqualTo(bob.peerId);
            assertThat(signal.path("contactKey").asText()).isEqualTo(shared);
            assertThat(signal.path("data").path("sdp").asText()).isEqualTo("v=0\r\n");
            alice.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"data\":{\"type\":\"answer\"}}");
            assertThat(bob.expect("signal").path("from").asText()).isEqualTo(alice.peerId);

            bob.close();
            JsonNode offline = alice.expect("contact-offline");
            assertThat(offline.path("peerId").asText()).isEqualTo(bob.peerId);
            alice.send("{\"type\":\"signal\",\"to\":\"" + shared + "\"}").expectError("unreachable");
        }
    }

    @Test
    @Order(2)
    void aRoomWithMembersOnThreeInstancesRelaysAsOneServer() throws Exception {
        String room = room();
        try (WsClient onA = WsClient.connect(a.base()); WsClient onB = WsClient.connect(b.base()); WsClient onC = WsClient.connect(c.base())) {
            WsClient.joinInTurn(room, onA, onB);
            JsonNode joined = onC.send(join(room)).expect("joined");
            assertThat(joined.path("peers")).extracting(JsonNode::asText).containsExactlyInAnyOrder(onA.peerId, onB.peerId);
            assertThat(onA.expect("peer-joined").path("peerId").asText()).isEqualTo(onC.peerId);
            assertThat(onB.expect("peer-joined").path("peerId").asText()).isEqualTo(onC.peerId);

            // The original client's flow, byte for byte plus from.
            String offer = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}";
            onA.send(offer);
            assertThat(onB.next()).isEqualTo(WsClient.withFrom(offer, onA.peerId));
            assertThat(onC.next()).isEqualTo(WsClient.withFrom(offer, onA.peerId));
            String answer = "{\"type\":\"answer\",\"to\":\"" + onA.peerId + "\",\"sdp\":\"v=0\\r\\n\"}";
            onC.send(answer);
            assertThat(onA.next()).isEqualTo(WsClient.withFrom(answer, onC.peerId));
            String ice = "{\"type\":\"ice\",\"to\":[\"" + onA.peerId + "\",\"" + onB.peerId + "\"],\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host\",\"sdpMid\":\"0\"}}";
            onC.send(ice);
            assertThat(onA.next()).isEqualTo(WsClient.withFrom(ice, onC.peerId));
            assertThat(onB.next()).isEqualTo(WsClient.withFrom(ice, onC.peerId));
            onC.send("{\"type\":\"x\",\"to\":\"nobody-in-this-room-xx\"}").expectError("unknown-peer");
            for (WsClient client : List.of(onA, onB, onC)) {
                client.expectNothing(QUIET);
            }

            // Per-sender order across instances.
            for (int i = 0; i < 50; i++) {
                onB.send("{\"type\":\"n\",\"i\":" + i + "}");
            }
            for (int i = 0; i < 50; i++) {
                assertThat(onA.next().path("i").asInt()).isEqualTo(i);
                assertThat(onC.next().path("i").asInt()).isEqualTo(i);
            }

            // room-full counts the members of every instance.
            List<WsClient> more = new ArrayList<>();
            try {
                for (AppInstance instance : List.of(a, b, c)) {
                    WsClient extra = WsClient.connect(instance.base());
                    more.add(extra);
                    extra.send(join(room)).expect("joined");
                }
                WsClient late = WsClient.connect(b.base());
                late.send(join(room)).expectError("room-full");
                late.close();
            } finally {
                more.forEach(WsClient::close);
            }
            for (WsClient member : List.of(onA, onB, onC)) {
                for (String type : List.of("peer-joined", "peer-joined", "peer-joined", "peer-left", "peer-left", "peer-left")) {
                    member.expect(type);
                }
            }

            onB.close();
            assertThat(onA.expect("peer-left").path("peerId").asText()).isEqualTo(onB.peerId);
        }
    }

    @Test
    @Order(3)
    void concurrentJoinersOnTwoInstancesEachHearJoinedBeforeAnyNoticeOfTheRoom() throws Exception {
        for (int round = 0; round < 3; round++) {
            String room = room();
            List<WsClient> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                for (int i = 0; i < 6; i++) {
                    clients.add(WsClient.connect((i % 2 == 0 ? a : b).base()));
                }
                List<Future<?>> sent = new ArrayList<>();
                for (WsClient client : clients) {
                    sent.add(pool.submit(() -> client.send(join(room))));
                }
                for (Future<?> future : sent) {
                    future.get(10, TimeUnit.SECONDS);
                }
                int notices = 0;
                for (WsClient client : clients) {
                    int before = client.expect("joined").path("peers").size();
                    for (int i = before; i < 5; i++) {
                        client.expect("peer-joined");
                        notices++;
                    }
                    client.expectNothing(Duration.ofMillis(50));
                }
                assertThat(notices).isEqualTo(15); // each of the 15 pairs, once, to the earlier joiner
            } finally {
                pool.shutdownNow();
                clients.forEach(WsClient::close);
            }
        }
    }

    @Test
    @Order(4)
    void aYWebsocketDocumentSyncsThroughOneRelayRoomOnTwoInstances() throws Exception {
        String first = a.base().toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        String second = b.base().toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        NodeScripts.Result result = NodeScripts.node(Duration.ofSeconds(90), "y-websocket.mjs", "cluster", first, second);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK cluster");
    }

    @Test
    @Order(5)
    void aYWebrtcTopicSpansInstancesWithTheClusterWideSubscriberCount() throws Exception {
        String topic = "cluster-topic-" + UUID.randomUUID();
        secrets.add(topic);
        try (FrameSocket alice = FrameSocket.open(a.base(), "/yjs"); FrameSocket bob = FrameSocket.open(b.base(), "/yjs")) {
            for (FrameSocket socket : List.of(alice, bob)) {
                socket.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
                socket.sendText("{\"type\":\"ping\"}");
                assertThat(socket.next().text()).isEqualTo("{\"type\":\"pong\"}");
            }
            String publish = "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":{\"from\":\"alice\"}}";
            // Bob's pong says his instance has his subscription; alice's instance hears of it from Redis on its own
            // connection, moments later. Until it has, her publish reaches only her (clients 1) and nothing is sent
            // to bob, so the first publish that counts him is the first one he receives.
            JsonNode[] own = new JsonNode[1];
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                alice.sendText(publish);
                own[0] = JSON.readTree(alice.next().bytes());
                assertThat(own[0].path("clients").asInt()).as("alice's instance counts bob, subscribed on the other").isEqualTo(2);
            });
            JsonNode relayed = JSON.readTree(bob.next().bytes());
            assertThat(relayed).isEqualTo(own[0]);
            bob.expectNothing(QUIET);
            bob.sendText("{\"type\":\"unsubscribe\",\"topics\":[\"" + topic + "\"]}");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                alice.sendText(publish);
                assertThat(JSON.readTree(alice.next().bytes()).path("clients").asInt()).isEqualTo(1);
            });
            bob.expectNothing(QUIET);
        }
    }

    @Test
    @Order(5)
    void aRealmWithMembersOnThreeInstancesTellsIdentitiesAndRoutesSignalsAsOneServer() throws Exception {
        crossRealm();
    }

    /** A founder on a invites bob, who accepts on b; carol, admitted by bob, comes in on c: all see all, signals cross. */
    private void crossRealm() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Ed25519TestKey carol = new Ed25519TestKey();
        RealmWire.Charter charter = RealmWire.found(founder);
        String invitation = RealmWire.invitation();
        secrets.addAll(List.of(charter.realm(), founder.publicKey(), bob.publicKey(), carol.publicKey(), RealmWire.identityId(founder),
                RealmWire.identityId(bob), RealmWire.identityId(carol), invitation));
        String realm = charter.realm();
        try (WsClient onA = WsClient.connect(a.base()); WsClient onB = WsClient.connect(b.base()); WsClient onC = WsClient.connect(c.base())) {
            onA.send(RealmWire.create(charter, founder, RealmWire.challenge(onA))).expect("realm-joined");
            RealmWire.Link bobsAdmission = RealmWire.admit(charter, founder, bob);
            onA.send(RealmWire.inviteBound(charter, invitation, bob, bobsAdmission)).expect("realm-invited");
            JsonNode bobJoined = onB.send(RealmWire.accept(charter, bob, invitation, RealmWire.challenge(onB))).expect("realm-joined");
            assertThat(RealmWire.chainOf(bobJoined)).containsExactly(bobsAdmission);
            assertThat(identitiesSeen(onB, bobJoined, 1)).containsExactly(RealmWire.identityId(founder));
            assertThat(onA.expect("peer-joined").path("key").asText()).isEqualTo(bob.publicKey());

            List<RealmWire.Link> carolsChain = List.of(bobsAdmission, RealmWire.admit(charter, bob, carol));
            JsonNode carolJoined = onC.send(RealmWire.auth(charter, carol, carolsChain, RealmWire.challenge(onC))).expect("realm-joined");
            assertThat(carolJoined.path("identities")).as("the realm's known identities, from Redis").hasSize(3);
            assertThat(identitiesSeen(onC, carolJoined, 2)).containsExactlyInAnyOrder(RealmWire.identityId(founder), RealmWire.identityId(bob));
            assertThat(onA.expect("peer-joined").path("identity").asText()).isEqualTo(RealmWire.identityId(carol));
            assertThat(onB.expect("peer-joined").path("identity").asText()).isEqualTo(RealmWire.identityId(carol));

            String a2b = "{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"to\":\"" + RealmWire.identityId(founder) + "\",\"sdp\":\"x\"}";
            onC.send(a2b);
            assertThat(onA.next()).isEqualTo(WsClient.withFrom(a2b, RealmWire.identityId(carol)));
            String a2g = "{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"to\":[\"" + RealmWire.identityId(bob) + "\",\""
                    + RealmWire.identityId(carol) + "\"]}";
            onA.send(a2g);
            assertThat(onB.next()).isEqualTo(WsClient.withFrom(a2g, RealmWire.identityId(founder)));
            assertThat(onC.next()).isEqualTo(WsClient.withFrom(a2g, RealmWire.identityId(founder)));
            String a2n = "{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\"}";
            onB.send(a2n);
            assertThat(onA.next()).isEqualTo(WsClient.withFrom(a2n, RealmWire.identityId(bob)));
            assertThat(onC.next()).isEqualTo(WsClient.withFrom(a2n, RealmWire.identityId(bob)));
            onB.expectNothing(QUIET);

            onB.close();
            assertThat(onA.expect("peer-left").path("identity").asText()).isEqualTo(RealmWire.identityId(bob));
            assertThat(onC.expect("peer-left").path("identity").asText()).isEqualTo(RealmWire.identityId(bob));
        }
    }

    /**
     * The other members a joiner learns of: those its instance knew at once (online), then those whose instance
     * introduces them a moment later (peer-joined), until there are as many as expected.
     */
    private static List<String> identitiesSeen(WsClient joiner, JsonNode joined, int expected) throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        joined.path("online").forEach(member -> seen.add(member.path("identity").asText()));
        while (seen.size() < expected) {
            seen.add(joiner.expect("peer-joined").path("identity").asText());
        }
        return seen;
    }

    @Test
    @Order(6)
    void nothingAClientSentAppearsInRedisInTheClear() throws Exception {
        String room = room();
        String shared = Ids.id();
        Ed25519TestKey key = new Ed25519TestKey();
        String userId = Ids.id();
        String hello = register(a, userId, shared, key);
        String sdp = "sdp-" + UUID.randomUUID();
        String candidate = "candidate:1 1 udp 2122260223 192.0.2.77 54321 typ host";
        secrets.add(sdp);
        secrets.add("192.0.2.77");
        java.nio.file.Path traffic = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/cluster-it")).resolve("monitor.txt");
        Process monitor = redis.monitor(traffic);
        String bobHello = register(b, Ids.id(), shared, null);
        try (WsClient one = WsClient.connect(a.base()); WsClient two = WsClient.connect(b.base()); WsClient bound = WsClient.connect(c.base());
             WsClient bob = WsClient.connect(a.base())) {
            WsClient.joinInTurn(room, one, two);
            one.send("{\"type\":\"offer\",\"room\":\"" + room + "\",\"sdp\":\"" + sdp + "\",\"candidate\":\"" + candidate + "\"}");
            assertThat(two.expect("offer").path("sdp").asText()).isEqualTo(sdp);
            bound.send(hello);
            String nonce = bound.expect("challenge").path("nonce").asText();
            bound.send(hello.substring(0, hello.length() - 1) + ",\"signature\":\"" + key.sign(nonce) + "\"}").expect("bound");
            bob.send(bobHello).expect("bound");
            bound.expect("contact-online");
            bob.send("{\"type\":\"signal\",\"to\":\"" + shared + "\",\"sdp\":\"" + sdp + "\"}");
            assertThat(bound.expect("signal").path("contactKey").asText()).isEqualTo(shared);
            crossRelayAndTopic();
            crossRealm();
            Thread.sleep(300);
            monitor.destroy();
            monitor.waitFor(5, TimeUnit.SECONDS);
            String commands = java.nio.file.Files.readString(traffic);
            assertThat(commands).as("the monitor saw relays and scripts cross Redis").contains("\"publish\" \"hg:c:r:").contains("\"publish\" \"hg:c:k:")
                    .contains("\"publish\" \"hg:c:y:").contains("\"publish\" \"hg:c:t:").containsIgnoringCase("\"evalsha\"");
            for (String secret : secrets) {
                assertThat(commands).as("nothing a client sent crosses Redis in the clear").doesNotContain(secret);
            }

            StringBuilder everything = new StringBuilder();
            String keys = redis.cli("--scan");
            assertThat(keys).as("the scenario left state in Redis to look at").contains("hg:");
            everything.append(keys);
            for (String name : keys.split("\n")) {
                name = name.trim().replaceAll("^\"|\"$", "");
                if (name.isEmpty()) {
                    continue;
                }
                String type = redis.cli("TYPE", name).trim();
                everything.append(switch (type) {
                    case "string" -> redis.cli("GET", name);
                    case "hash" -> redis.cli("HGETALL", name);
                    case "list" -> redis.cli("LRANGE", name, "0", "-1");
                    case "set" -> redis.cli("SMEMBERS", name);
                    case "zset" -> redis.cli("ZRANGE", name, "0", "-1");
                    default -> "";
                });
            }
            everything.append(redis.cli("PUBSUB", "CHANNELS"));
            String dump = everything.toString();
            assertThat(dump).contains("hg:c:r:").contains("hg:p:k:").contains("hg:u:");
            for (String secret : secrets) {
                assertThat(dump).as("Redis holds no room name, id or key in the clear").doesNotContain(secret);
                assertThat(dump.toLowerCase()).doesNotContain(secret.toLowerCase().substring(0, Math.min(16, secret.length())));
            }
        }
    }

    /** A relay room and a y-webrtc topic with members on two instances, each carrying a secret across. */
    private void crossRelayAndTopic() throws Exception {
        String relayRoom = "relay-room-" + UUID.randomUUID();
        String relayed = "relayed-" + UUID.randomUUID();
        String topic = "topic-" + UUID.randomUUID();
        String signal = "signal-" + UUID.randomUUID();
        secrets.addAll(List.of(relayRoom, relayed, topic, signal));
        try (FrameSocket left = FrameSocket.open(a.base(), "/relay/" + relayRoom); FrameSocket right = FrameSocket.open(b.base(), "/" + relayRoom);
                FrameSocket alice = FrameSocket.open(a.base(), "/yjs"); FrameSocket bob = FrameSocket.open(b.base(), "/yjs")) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                left.sendText(relayed);
                FrameSocket.Received received = right.poll(Duration.ofMillis(200));
                assertThat(received).isNotNull();
                assertThat(received.text()).isEqualTo(relayed);
            });
            for (FrameSocket socket : List.of(alice, bob)) {
                socket.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                alice.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":\"" + signal + "\"}");
                FrameSocket.Received received = bob.poll(Duration.ofMillis(200));
                assertThat(received).isNotNull();
                assertThat(received.text()).contains(signal);
            });
        }
    }

    /** The next message within the time, which must be of this type. */
    private static JsonNode expectWithin(WsClient client, String type, Duration within) throws Exception {
        String raw = client.nextWithin(within);
        assertThat(raw).as("a " + type + " within " + within).isNotNull();
        JsonNode message = JSON.readTree(raw);
        assertThat(message.path("type").asText()).as(raw).isEqualTo(type);
        return message;
    }

    @Test
    @Order(7)
    void aKilledInstancesMembersAreAnnouncedAsLeftAndItsClientsCarryOnElsewhere() throws Exception {
        String room = room();
        String shared = Ids.id();
        String aliceUser = Ids.id();
        String aliceHello = register(a, aliceUser, shared, null);
        String bobHello = register(b, Ids.id(), shared, null);
        try (WsClient onA = WsClient.connect(a.base()); WsClient onC = WsClient.connect(c.base());
             WsClient bob = WsClient.connect(a.base()); WsClient alice = WsClient.connect(c.base())) {
            WsClient.joinInTurn(room, onA, onC);
            bob.send(bobHello).expect("bound");
            alice.send(aliceHello).expect("bound");
            bob.expect("contact-online");

            long killed = System.nanoTime();
            c.kill();
            Duration bound = Duration.ofSeconds(10);
            JsonNode left = expectWithin(onA, "peer-left", bound);
            assertThat(left.path("peerId").asText()).isEqualTo(onC.peerId);
            JsonNode offline = expectWithin(bob, "contact-offline", bound);
            assertThat(offline.path("peerId").asText()).isEqualTo(alice.peerId);
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(took).as("announced within the bound").isLessThan(bound);

            // The killed instance's clients reconnect to another instance and carry on; its registrations survived.
            try (WsClient back = WsClient.connect(b.base()); WsClient aliceBack = WsClient.connect(b.base())) {
                assertThat(back.send(join(room)).expect("joined").path("peers")).extracting(JsonNode::asText).containsExactly(onA.peerId);
                assertThat(onA.expect("peer-joined").path("peerId").asText()).isEqualTo(back.peerId);
                back.send("{\"type\":\"offer\",\"sdp\":\"again\"}");
                assertThat(onA.expect("offer").path("from").asText()).isEqualTo(back.peerId);
                JsonNode rebound = aliceBack.send(aliceHello).expect("bound");
                assertThat(rebound.path("online").get(0).path("peerId").asText()).isEqualTo(bob.peerId);
                assertThat(bob.expect("contact-online").path("peerId").asText()).isEqualTo(aliceBack.peerId);
            }
        }
        c = new AppInstance("c2", config()).start();
        c.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(20));
    }

    @Test
    @Order(8)
    void whileRedisIsDownAnInstanceServesItsOwnRoomsAndWhenRedisIsBackEverythingRecovers() throws Exception {
        String shared = Ids.id();
        String room = room();
        String quitter = room();
        String carolHello = register(a, Ids.id(), shared, null);
        try (WsClient a1 = WsClient.connect(a.base()); WsClient a2 = WsClient.connect(a.base()); WsClient b1 = WsClient.connect(b.base());
             WsClient leaver = WsClient.connect(a.base()); WsClient stayer = WsClient.connect(b.base()); WsClient carol = WsClient.connect(a.base())) {
            WsClient.joinInTurn(room, a1, a2, b1);
            WsClient.joinInTurn(quitter, stayer, leaver);
            carol.send(carolHello).expect("bound");

            redis.stop();
            a.awaitStatus("/q/health/ready", 503, Duration.ofSeconds(10));
            given().baseUri(a.base().toString()).contentType(ContentType.JSON)
                    .body("{\"ephemeralContactKeysList\":[\"" + Ids.id() + "\"],\"tempEphemeralUserId\":\"" + Ids.id() + "\",\"hourId\":" + Ids.currentHour() + "}")
                    .post("/register").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", equalTo("urn:hourglass:problem:registrations-unavailable"));
            // Clients of one instance still signal each other in their rooms.
            a1.send("{\"type\":\"offer\",\"sdp\":\"local\"}");
            JsonNode local = a2.next();
            assertThat(local.path("type").asText()).as(local + " a1 " + a1.peerId + " b1 " + b1.peerId + " stayer " + stayer.peerId
                    + " leaver " + leaver.peerId).isEqualTo("offer");
            assertThat(local.path("from").asText()).isEqualTo(a1.peerId);
            // A join needs the cluster: refused with a code, the connection stays usable.
            try (WsClient newcomer = WsClient.connect(a.base())) {
                newcomer.send(join(room())).expectError("unavailable");
                newcomer.assertAlive();
            }
            // A member leaves while Redis is down: no one elsewhere hears of it yet.
            leaver.send("{\"type\":\"leave\",\"room\":\"" + quitter + "\"}").expect("left");

            redis.startAgain();
            for (AppInstance instance : List.of(a, b, c)) {
                instance.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(20));
            }
            // Redis came back empty: bindings learn it as they learn expiry; their instance restored its rooms.
            assertThat(expectWithin(carol, "rebind", Duration.ofSeconds(10)).path("reason").asText()).isEqualTo("expired");
            assertThat(expectWithin(stayer, "peer-left", Duration.ofSeconds(10)).path("peerId").asText()).isEqualTo(leaver.peerId);
            a1.send("{\"type\":\"offer\",\"sdp\":\"after\"}");
            assertThat(a2.expect("offer").path("sdp").asText()).isEqualTo("after");
            assertThat(b1.expect("offer").path("sdp").asText()).as("the cross-instance room works again").isEqualTo("after");

            // No ghost: a newcomer to the room the leaver left sees only who is still there.
            try (WsClient newcomer = WsClient.connect(c.base())) {
                assertThat(newcomer.send(join(quitter)).expect("joined").path("peers")).extracting(JsonNode::asText)
                        .containsExactly(stayer.peerId);
                assertThat(newcomer.send(join(room)).expect("joined").path("peers")).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder(a1.peerId, a2.peerId, b1.peerId);
            }
            // And registration works again.
            register(b, Ids.id(), Ids.id(), null);
        }
    }

    @Test
    @Order(9)
    void theRedisModeRefusesToStartWithoutASharedBlindingKeyOrWithANodeTimeoutTooShort() throws Exception {
        Map<String, String> noKey = new java.util.HashMap<>(config());
        noKey.remove("hourglass.blinding.key");
        AppInstance keyless = new AppInstance("keyless", noKey);
        try {
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, keyless::start))
                    .hasMessageContaining("exited");
            assertThat(keyless.log()).contains("hourglass.cluster=redis needs hourglass.blinding.key");
        } finally {
            keyless.close();
        }
        Map<String, String> hasty = new java.util.HashMap<>(config());
        hasty.put("hourglass.cluster.node-timeout", "PT0.1S");
        AppInstance tooQuick = new AppInstance("too-quick", hasty);
        try {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, tooQuick::start);
            assertThat(tooQuick.log()).contains("hourglass.cluster.node-timeout must be at least PT1S");
        } finally {
            tooQuick.close();
        }
    }
}
