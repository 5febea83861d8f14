package dev.hourglass.it;

import dev.hourglass.support.AppInstance;
import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.Ids;
import dev.hourglass.support.RawUpgrade;
import dev.hourglass.support.WsClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the packaged application: readiness DOWN at once, upgrades refused with 503, every WebSocket of every
 * endpoint closed with 1012, spread over the drain window, a /register in flight completed, then the process exits.
 */
class ShutdownIT {

    private static final Duration DRAIN = Duration.ofSeconds(3);

    @Test
    void aTerminatedInstanceDrainsItsConnectionsWith1012OverTheWindowAndFinishesWhatIsInFlight() throws Exception {
        try (AppInstance app = new AppInstance("shutdown", Map.of("hourglass.shutdown.drain", DRAIN.toString())).start()) {
            app.awaitStatus("/q/health/ready", 200, Duration.ofSeconds(20));
            URI base = app.base();
            List<FrameSocket> sockets = new ArrayList<>();
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                clients.add(WsClient.connect(base));
            }
            for (int i = 0; i < 4; i++) {
                sockets.add(FrameSocket.open(base, "/relay/drain-room"));
                sockets.add(FrameSocket.open(base, "/yjs"));
            }
            // A registration whose body is still on its way when the signal comes.
            String body = "{\"ephemeralContactKeysList\":[\"" + Ids.id() + "\"],\"tempEphemeralUserId\":\"" + Ids.id()
                    + "\",\"hourId\":" + Ids.currentHour() + "}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (Socket register = new Socket(base.getHost(), base.getPort())) {
                register.setSoTimeout(15_000);
                OutputStream out = register.getOutputStream();
                out.write(("POST /register HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, 10);
                out.flush();

                long signalled = System.nanoTime();
                app.terminate();
                ConcurrentLinkedQueue<Long> closedAt = new ConcurrentLinkedQueue<>();
                List<CompletableFuture<Integer>> codes = new ArrayList<>();
                for (WsClient client : clients) {
                    codes.add(CompletableFuture.supplyAsync(() -> closeOf(() -> client.awaitClose(Duration.ofSeconds(15)), closedAt)));
                }
                for (FrameSocket socket : sockets) {
                    codes.add(CompletableFuture.supplyAsync(() -> closeOf(() -> socket.awaitClose(Duration.ofSeconds(15)), closedAt)));
                }

                // At once: not ready, and no new connection.
                app.awaitStatus("/q/health/ready", 503, Duration.ofSeconds(1));
                RawUpgrade.Answer upgrade = RawUpgrade.send(base, "/ws");
                assertThat(upgrade.status()).isEqualTo(503);
                assertThat(upgrade.body()).contains("urn:hourglass:problem:shutting-down");

                out.write(bytes, 10, bytes.length - 10);
                out.flush();
                InputStream in = register.getInputStream();
                String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(answer).as("the registration in flight completes").isEqualTo("HTTP/1.1 202");

                for (CompletableFuture<Integer> code : codes) {
                    assertThat(code.get()).as("every WebSocket closes with 1012").isEqualTo(1012);
                }
                List<Long> times = closedAt.stream().map(at -> (at - signalled) / 1_000_000).sorted().toList();
                assertThat(times.get(times.size() - 1) - times.get(0)).as("closes spread over the drain window (ms: " + times + ")")
                        .isGreaterThan(DRAIN.toMillis() / 2);
                assertThat(times.get(times.size() - 1)).isLessThan(DRAIN.toMillis() + 2000);
            }
            assertThat(app.awaitExit(Duration.ofSeconds(20))).isIn(0, 143);
        }
    }

    private interface CloseCode {
        int await() throws Exception;
    }

    private static int closeOf(CloseCode code, ConcurrentLinkedQueue<Long> closedAt) {
        try {
            int closed = code.await();
            closedAt.add(System.nanoTime());
            return closed;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
