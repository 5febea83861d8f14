package dev.hourglass.relay;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's reading of y-protocols: exact messages only, nothing reported from a malformed one, never a throw. */
class YProtocolTest {

    private record Entry(long clientId, long clock, boolean removed) {
    }

    private static List<Entry> entries(byte[] frame) {
        List<Entry> entries = new ArrayList<>();
        boolean read = YProtocol.readAwareness(Buffer.buffer(frame), (id, clock, removed) -> entries.add(new Entry(id, clock, removed)));
        return read ? entries : null;
    }

    /** SyncStep1 with a state vector of two clients, one with a clock over one byte. */
    private static final byte[] STEP_1 = {0, 0, 6, 2, 5, 1, (byte) 0x81, 0x01, 3};

    @Test
    void aSyncStep1IsExactlyOneAndNothingLongerShorterOrOfAnotherType() {
        assertThat(YProtocol.isSyncStep1(Buffer.buffer(STEP_1))).isTrue();
        assertThat(YProtocol.isSyncStep1(Buffer.buffer(YMessages.syncStep1()))).isTrue();
        for (int length = 0; length < STEP_1.length; length++) {
            assertThat(YProtocol.isSyncStep1(Buffer.buffer(Arrays.copyOf(STEP_1, length)))).as("a prefix of " + length).isFalse();
        }
        assertThat(YProtocol.isSyncStep1(Buffer.buffer(Arrays.copyOf(STEP_1, STEP_1.length + 1)))).isFalse();
        byte[] step2 = STEP_1.clone();
        step2[1] = 1;
        assertThat(YProtocol.isSyncStep1(Buffer.buffer(step2))).isFalse();
        // The announced length matches, but the state vector inside claims more entries than it holds.
        assertThat(YProtocol.isSyncStep1(Buffer.buffer(new byte[] {0, 0, 3, 2, 5, 1}))).isFalse();
    }

    @Test
    void anAwarenessMessageReportsEveryEntryAndAMalformedOneNone() {
        byte[] one = YMessages.awareness(4_000_000_000L, 300, "{\"user\":{\"name\":\"ü\"}}");
        assertThat(entries(one)).containsExactly(new Entry(4_000_000_000L, 300, false));
        assertThat(entries(YMessages.awareness(7, 1, "null"))).containsExactly(new Entry(7, 1, true));
        for (int length = 0; length < one.length; length++) {
            assertThat(entries(Arrays.copyOf(one, length))).as("a prefix of " + length).isNull();
        }
        assertThat(entries(Arrays.copyOf(one, one.length + 1))).isNull();
        // A state that is neither an object nor null is not y-protocols' awareness.
        assertThat(entries(YMessages.awareness(7, 1, "12345"))).isNull();
    }

    @Test
    void theRemovalOfAConnectionsClientsReadsBackAsTheirRemovalAtTheNextClock() {
        Buffer removal = YProtocol.awarenessRemoval(new long[] {1, 1L << 40, 3}, new long[] {10, 0, 200}, 3);
        assertThat(entries(removal.getBytes())).containsExactly(new Entry(1, 11, true), new Entry(1L << 40, 1, true),
                new Entry(3, 201, true));
    }

    @Test
    void randomFramesNeverThrowAndAlmostNeverPass() {
        SplittableRandom random = new SplittableRandom(13);
        int passed = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] frame = new byte[random.nextInt(0, 64)];
            for (int j = 0; j < frame.length; j++) {
                frame[j] = (byte) random.nextInt(256);
            }
            // Sealed frames start anywhere; give half of them a y-protocol type byte to reach the deeper checks.
            if (frame.length > 1 && random.nextBoolean()) {
                frame[0] = (byte) random.nextInt(2);
                frame[1] = 0;
            }
            if (YProtocol.isSyncStep1(Buffer.buffer(frame)) || entries(frame) != null) {
                passed++;
            }
        }
        assertThat(passed).as("random frames read as y-protocol messages").isLessThan(20);
    }
}
