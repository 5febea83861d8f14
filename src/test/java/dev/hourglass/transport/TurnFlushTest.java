package dev.hourglass.transport;

import dev.hourglass.support.RawWebSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages written to a connection on its own event loop leave in one flush at the end of the loop's turn. Whatever
 * the mix of single messages and bursts read in one turn, every message must leave without waiting for a later one:
 * the receiver reads each before the sender sends more, so a message left unflushed times the read out (10 s, well
 * before the server's first ping, which would flush it).
 */
@QuarkusTest
class TurnFlushTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void singlesAndBurstsInAnyOrderAllArriveInOrderWithNothingLeftBehind() throws Exception {
        String room = "r-" + UUID.randomUUID();
        try (RawWebSocket sender = new RawWebSocket(base); RawWebSocket receiver = new RawWebSocket(base)) {
            sender.readFrame(); // welcome
            receiver.readFrame();
            sender.sendText(join(room));
            assertThat(sender.readFrame().text()).contains("\"joined\"");
            receiver.sendText(join(room));
            assertThat(receiver.readFrame().text()).contains("\"joined\"");
            assertThat(sender.readFrame().text()).contains("\"peer-joined\"");

            int next = 0;
            // single after single, a burst after a single, a single after a burst, bursts back to back, ...
            int[] turns = {1, 1, 5, 1, 1, 7, 6, 1, 2, 1, 3, 3, 1};
            for (int count : turns) {
                String[] messages = new String[count];
                for (int i = 0; i < count; i++) {
                    messages[i] = "{\"type\":\"offer\",\"n\":" + (next + i) + "}";
                }
                sender.sendTextsAtOnce(messages);
                for (int i = 0; i < count; i++) {
                    assertThat(receiver.readFrame().text()).endsWith("\"type\":\"offer\",\"n\":" + next++ + "}");
                }
            }
        }
    }

    private static String join(String room) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\"}";
    }
}
