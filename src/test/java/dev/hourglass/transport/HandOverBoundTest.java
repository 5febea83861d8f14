package dev.hourglass.transport;

import dev.hourglass.support.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages that other threads send to a connection wait in its event loop's task queue until the loop writes them,
 * out of sight of the channel's write queue. While the loop is busy they are bounded all the same: past the write
 * queue's limit the connection is closed as a slow consumer (4001), and what was accepted before that is delivered,
 * in order, ahead of the close.
 */
@QuarkusTest
@TestProfile(HandOverBoundTest.SmallWriteQueue.class)
class HandOverBoundTest {

    public static class SmallWriteQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.ws.write-queue-max-bytes", "65536");
        }
    }

    private static final Pattern PEER_ID = Pattern.compile("\"peerId\":\"([^\"]+)\"");
    private static final int MESSAGE_BYTES = 16 * 1024;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Connections connections;

    @Test
    void writesHandedToABusyLoopStopAtTheWriteQueueLimitAndWhatWasAcceptedArrivesBeforeTheClose() throws Exception {
        try (RawWebSocket client = new RawWebSocket(base)) {
            Matcher welcome = PEER_ID.matcher(client.readFrame().text());
            assertThat(welcome.find()).isTrue();
            Connection connection = connections.all().stream()
                    .filter(open -> open.id().equals(welcome.group(1))).findFirst().orElseThrow();

            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            connection.onOwnLoop(() -> {
                busy.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Boolean> accepted = new ArrayList<>();
            try {
                assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
                // This thread is not the connection's loop, and the loop writes nothing while it waits: without the
                // bound every one of these 2.5 MiB would be accepted into its task queue.
                for (int i = 0; i < 160; i++) {
                    accepted.add(connection.send(Buffer.buffer(message(i))));
                }
            } finally {
                release.countDown();
            }

            // 65,536 bytes hold four messages of 16 KiB; the fifth would pass them, and the connection is closing.
            assertThat(accepted.subList(0, 4)).containsOnly(true);
            assertThat(accepted.subList(4, accepted.size())).containsOnly(false);
            assertThat(connection.isClosing()).isTrue();
            for (int i = 0; i < 4; i++) {
                RawWebSocket.Frame frame = client.readFrame();
                assertThat(frame.opcode()).isEqualTo(RawWebSocket.TEXT);
                assertThat(frame.text()).isEqualTo(message(i));
            }
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        }
    }

    private static String message(int index) {
        String head = "{\"n\":" + index + ",\"p\":\"";
        return head + "x".repeat(MESSAGE_BYTES - head.length() - 2) + "\"}";
    }
}
