package dev.hourglass.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two well-behaved /ws clients in a room of their own, one sending to the other every few milliseconds on a thread
 * of its own while a test does its worst to the server: every message must arrive, in order, and its round trip is
 * recorded.
 */
public final class CleanPair implements AutoCloseable {

    private final WsClient alice;
    private final WsClient bob;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Long> roundTripsMicros = new ArrayList<>();
    private final Thread thread;

    private CleanPair(WsClient alice, WsClient bob, Duration pause) {
        this.alice = alice;
        this.bob = bob;
        this.thread = new Thread(() -> {
            try {
                for (int n = 0; running.get() && n < 100_000; n++) {
                    long sent = System.nanoTime();
                    alice.send("{\"type\":\"signal\",\"n\":" + n + "}");
                    assertThat(bob.nextWithin(Duration.ofSeconds(5))).as("message " + n + " of the clean pair").contains("\"n\":" + n + "}");
                    synchronized (roundTripsMicros) {
                        roundTripsMicros.add((System.nanoTime() - sent) / 1000);
                    }
                    Thread.sleep(pause.toMillis());
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "clean-pair");
    }

    /** Connects the pair, joins them to a room of their own and starts the exchange. */
    public static CleanPair start(java.net.URI base, Duration pause) throws Exception {
        WsClient alice = WsClient.connect(base);
        WsClient bob = WsClient.connect(base);
        WsClient.joinInTurn("clean-pair-" + Ids.id(), alice, bob);
        CleanPair pair = new CleanPair(alice, bob, pause);
        pair.thread.start();
        return pair;
    }

    /** Waits (at most ten seconds) until the pair has exchanged this many messages in all. */
    public void awaitExchanged(int messages) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until && failure.get() == null && exchanged() < messages) {
            Thread.sleep(50);
        }
    }

    private int exchanged() {
        synchronized (roundTripsMicros) {
            return roundTripsMicros.size();
        }
    }

    /**
     * Stops the exchange and checks it: no message lost or failed, at least {@code atLeast} exchanged, and the 99th
     * percentile round trip under {@code p99}.
     */
    public void stopAndCheck(int atLeast, Duration p99) throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        assertThat(failure.get()).as("the clean pair kept exchanging").isNull();
        List<Long> sorted;
        synchronized (roundTripsMicros) {
            sorted = roundTripsMicros.stream().sorted().toList();
        }
        assertThat(sorted.size()).as("messages the clean pair exchanged").isGreaterThanOrEqualTo(atLeast);
        assertThat(sorted.get((int) (sorted.size() * 0.99))).as("the clean pair's p99 round trip, µs").isLessThan(p99.toNanos() / 1000);
    }

    @Override
    public void close() {
        running.set(false);
        alice.close();
        bob.close();
    }
}
