package dev.hourglass.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.RawWebSocket;
import dev.hourglass.support.Ids;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /q/metrics counts what the server did on every endpoint, and nothing a client sent or chose appears in it. */
@QuarkusTest
class MetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^(hourglass_[a-z_]+)(\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    /** Every label the server's metrics may carry; their values are the server's own words. */
    private static final Set<String> LABELS = Set.of("endpoint", "reason", "code", "status", "outcome", "quantile");

    @TestHTTPResource("/")
    URI base;

    /** Whether the instance runs in the Redis mode (its engine's metrics exist then only). */
    boolean redisMode() {
        return false;
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsTheServerHas() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(new File("deploy/grafana-dashboard.json"));
        Set<String> queried = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            Matcher name = Pattern.compile("\\b((hourglass|jvm)_[a-z_]+)").matcher(target.path("expr").asText());
            while (name.find()) {
                queried.add(name.group(1));
            }
        }));
        assertThat(queried).hasSizeGreaterThan(10);
        String metrics = scrape();
        for (String name : queried) {
            if (name.startsWith("hourglass_redis_") && !redisMode()) {
                continue;
            }
            assertThat(metrics).as("the dashboard's " + name + " is served").containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String name, String labels) {
        Matcher matcher = SAMPLE.matcher(metrics);
        while (matcher.find()) {
            String found = matcher.group(3) == null ? "" : matcher.group(3);
            if (matcher.group(1).equals(name) && List.of(found.split(",")).containsAll(labels.isEmpty() ? List.of() : List.of(labels.split(",")))) {
                return Double.parseDouble(matcher.group(4));
            }
        }
        return 0;
    }

    @Test
    void everyEndpointsTrafficRefusalsAndClosesAreCountedWithoutAnythingTheClientsSent() throws Exception {
        String before = scrape();
        String room = "metrics-room-" + UUID.randomUUID();
        String topic = "metrics-topic-" + UUID.randomUUID();
        String user = Ids.id();
        String key = Ids.id();
        given().contentType(ContentType.JSON).body("{\"ephemeralContactKeysList\":[\"" + key + "\"],\"tempEphemeralUserId\":\"" + user
                + "\",\"hourId\":" + Ids.currentHour() + "}").post("/register").then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"ephemeralContactKeysList\":[\"XYZ\"]}").post("/register").then().statusCode(400);
        given().get("/ws").then().statusCode(426);
        try (WsClient alice = WsClient.connect(base); WsClient bob = WsClient.connect(base)) {
            WsClient.joinInTurn(room, alice, bob);
            alice.send("{\"type\":\"offer\",\"sdp\":\"secret-sdp-" + room + "\"}");
            bob.expect("offer");
            alice.send("{not json");
            alice.expectError("bad-json");
        }
        try (FrameSocket a = FrameSocket.open(base, "/relay/" + room); FrameSocket b = FrameSocket.open(base, "/" + room);
                FrameSocket yjs = FrameSocket.open(base, "/yjs")) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                a.sendText("hello");
                assertThat(b.poll(Duration.ofMillis(100))).isNotNull();
            });
            yjs.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
            yjs.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":1}");
            yjs.next();
            yjs.sendText("[]");
            yjs.next();
        }
        try (RawWebSocket big = new RawWebSocket(base, "/relay/" + room, 65536)) {
            big.announceFrame(RawWebSocket.BINARY, 70_000);
            assertThat(big.awaitCloseCode()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String after = scrape();
            assertThat(value(after, "hourglass_register_answers_total", "status=\"202\",outcome=\"registered\""))
                    .isGreaterThan(value(before, "hourglass_register_answers_total", "status=\"202\",outcome=\"registered\""));
            assertThat(value(after, "hourglass_register_answers_total", "status=\"400\",outcome=\"invalid-field\"")).isPositive();
            assertThat(value(after, "hourglass_upgrade_refusals_total", "endpoint=\"ws\",reason=\"upgrade-required\"")).isPositive();
            assertThat(value(after, "hourglass_messages_received_total", "endpoint=\"ws\""))
                    .isGreaterThanOrEqualTo(value(before, "hourglass_messages_received_total", "endpoint=\"ws\"") + 4);
            assertThat(value(after, "hourglass_messages_sent_total", "endpoint=\"relay\"")).isPositive();
            assertThat(value(after, "hourglass_received_bytes_total", "endpoint=\"yjs\"")).isPositive();
            assertThat(value(after, "hourglass_refusals_total", "endpoint=\"ws\",reason=\"bad-json\"")).isPositive();
            assertThat(value(after, "hourglass_refusals_total", "endpoint=\"yjs\",reason=\"bad-message\"")).isPositive();
            assertThat(value(after, "hourglass_closes_total", "endpoint=\"relay\",code=\"1009\"")).isPositive();
            assertThat(value(after, "hourglass_closes_total", "endpoint=\"ws\",code=\"client\""))
                    .as(after.lines().filter(line -> line.startsWith("hourglass_closes_total") && line.contains("endpoint=\"ws\"")).toList().toString()).isPositive();
            assertThat(after).contains("hourglass_connections{endpoint=\"ws\"}", "hourglass_rooms ", "hourglass_registrations ",
                    "hourglass_relay_rooms ", "hourglass_yjs_topics ", "hourglass_contact_keys ", "hourglass_slow_consumer_closes_total");
        });

        String metrics = scrape();
        for (String secret : List.of(room, topic, user, key, "secret-sdp")) {
            assertThat(metrics).as("metrics carry nothing a client sent").doesNotContain(secret);
        }
        Set<String> labels = new HashSet<>();
        Matcher sample = SAMPLE.matcher(metrics);
        while (sample.find()) {
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                    assertThat(label.group(2)).as("a label value is one of the server's words").matches("[a-z0-9.-]+");
                }
            }
        }
        assertThat(LABELS).containsAll(labels);
        // No metric of Quarkus's HTTP binder, whose labels would be request paths (a relay room's name).
        assertThat(metrics).doesNotContain("http_server_requests");
    }
}
