package dev.hourglass.transport;

import dev.hourglass.support.CleanPair;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.RawWebSocket;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flooder and a reader that never reads on every WebSocket endpoint at once: the offenders are cut off (1008 for
 * the floods, 4001 or a dropped connection for the readers), while a clean pair keeps its messages and its latency.
 */
@QuarkusTest
@TestProfile(AbuseTest.Limits.class)
class AbuseTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A burst of 150 messages of 60 KB is 9 MB for each slow reader: more than the kernel's socket buffers
            // (4 MB at most here) and the server's queue together.
            return Map.of("hourglass.ws.rate-limit", "50", "hourglass.ws.rate-burst", "150", "hourglass.ws.rate-strikes", "20",
                    "hourglass.ws.write-queue-max-bytes", "1048576");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void floodersAndSlowReadersOfEveryEndpointAreCutOffWhileACleanPairKeepsItsLatency() throws Exception {
        String room = "abuse-" + UUID.randomUUID();
        String topic = "abuse-topic-" + UUID.randomUUID();
        // Large messages: what the slow readers are sent must pass the kernel's socket buffers and the server's queue.
        String payload = "x".repeat(60_000);
        try (WsClient wsFlooder = WsClient.connect(base); RawWebSocket wsSlow = new RawWebSocket(base, "/ws", 4096);
                FrameSocket relayFlooder = FrameSocket.open(base, "/relay/" + room); RawWebSocket relaySlow = new RawWebSocket(base, "/relay/" + room, 4096);
                FrameSocket yjsFlooder = FrameSocket.open(base, "/yjs"); RawWebSocket yjsSlow = new RawWebSocket(base, "/yjs", 4096)) {
            wsFlooder.send("{\"type\":\"join\",\"room\":\"" + room + "\"}").expect("joined");
            wsSlow.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            yjsFlooder.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
            yjsSlow.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
            Thread.sleep(300);

            CleanPair pair = CleanPair.start(base, Duration.ofMillis(10));

            List<Thread> floods = List.of(
                    flood(() -> wsFlooder.trySend("{\"type\":\"offer\",\"sdp\":\"" + payload + "\"}")),
                    flood(() -> relayFlooder.trySendBinary(payload.getBytes(StandardCharsets.US_ASCII))),
                    flood(() -> {
                        try {
                            yjsFlooder.sendText("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":\"" + payload + "\"}");
                            return true;
                        } catch (Exception closed) {
                            return false;
                        }
                    }));
            List<Integer> codes = List.of(wsFlooder.awaitClose(Duration.ofSeconds(20)), relayFlooder.awaitClose(Duration.ofSeconds(20)),
                    yjsFlooder.awaitClose(Duration.ofSeconds(20)));
            assertThat(codes.subList(0, 2)).as("the flooders of /ws and the relay").containsExactly(1008, 1008);
            // A /yjs publish comes back to its sender too: a flooder that does not read its own copies as fast as it
            // sends is cut off as a slow consumer before its strikes run out, or for its strikes.
            assertThat(codes.get(2)).as("the /yjs flooder").isIn(1008, 4001);
            for (Thread flood : floods) {
                flood.join(10_000);
            }
            assertThat(List.of(cutOff(wsSlow), cutOff(relaySlow), cutOff(yjsSlow))).as("the readers that never read, cut off")
                    .containsExactly(true, true, true);
            // The pair goes on for a while after the offenders are gone, so that its figures cover both.
            pair.awaitExchanged(100);
            pair.stopAndCheck(100, Duration.ofMillis(250));
            pair.close();
        }
    }

    private interface Send {
        boolean send() throws Exception;
    }

    private static Thread flood(Send send) {
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; i < 5000 && send.send(); i++) {
                    // as fast as the socket takes it
                }
            } catch (Exception ignored) {
                // closed under us: the point
            }
        });
        thread.start();
        return thread;
    }

    /** Reads what was queued for the slow reader until the end: a 4001 close, or the connection dropped. */
    private static boolean cutOff(RawWebSocket slow) {
        try {
            while (true) {
                RawWebSocket.Frame frame = slow.readFrame();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    return frame.closeCode() == 4001;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException ended) {
            return true;
        }
    }
}
