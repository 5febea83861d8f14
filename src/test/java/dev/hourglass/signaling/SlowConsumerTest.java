package dev.hourglass.signaling;

import dev.hourglass.support.RawWebSocket;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.hourglass.signaling.SignalingLimitsTest.countSessions;
import static org.awaitility.Awaitility.await;

/**
 * A peer that stops reading is closed with 4001 once its write queue passes the bound, instead of the server
 * buffering for it without limit; the sender and the room go on.
 */
@QuarkusTest
@TestProfile(SlowConsumerTest.SmallWriteQueue.class)
class SlowConsumerTest {

    public static class SmallWriteQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.ws.write-queue-max-bytes", "65536",
                    "hourglass.ws.rate-limit", "100000",
                    "hourglass.ws.rate-burst", "100000");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aConsumerThatDoesNotReadIsClosedAndTheOthersGoOn() throws Exception {
        String room = "r-" + UUID.randomUUID();
        int before = countSessions();
        try (WsClient sender = WsClient.connect(base); RawWebSocket slow = new RawWebSocket(base, 4096)) {
            slow.readFrame();
            slow.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            slow.readFrame(); // joined; from now on it reads nothing
            sender.send("{\"type\":\"join\",\"room\":\"" + room + "\"}").expect("joined");

            String payload = "{\"type\":\"offer\",\"sdp\":\"" + "z".repeat(60_000) + "\"}";
            // Loopback lets the kernel hold a few MiB per direction before the server's own queue (64 KiB) fills.
            for (int i = 0; i < 1000 && countSessions() > before + 1; i++) {
                sender.send(payload);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> countSessions() == before + 1);
            sender.expect("peer-left");
            sender.assertAlive();
        }
    }
}
