package dev.hourglass.signaling;

import dev.hourglass.json.TestJsonLimits;
import dev.hourglass.support.Embedded;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes arrive, the envelope reader returns an envelope or refuses with a code: it never throws otherwise; and
 * a message read where it lies inside a larger buffer (as a frame's bytes arrive) reads as its own copy does.
 */
class EnvelopeReaderPropertiesTest {

    private final EnvelopeReader reader = new EnvelopeReader(TestJsonLimits.defaults(), 256);

    @Property(tries = 3000)
    void anyBytesAreReadOrRefusedWithACode(@ForAll byte[] message) {
        readOrRefuse(message);
    }

    @Property(tries = 3000)
    void anyJsonLikeTextIsReadOrRefusedWithACode(@ForAll("jsonish") String message) {
        readOrRefuse(message.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void aMessageInsideALargerBufferReadsAsItsOwnCopy(@ForAll("jsonish") String text, @ForAll byte[] before, @ForAll byte[] after) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(Embedded.between(before, message, after))).isEqualTo(outcome(Buffer.buffer(message)));
    }

    /** Read from a thread's scratch array, which an earlier, longer message left its bytes in. */
    @Property(tries = 1000)
    void aMessageInPooledMemoryReadsAsItsHeapCopy(@ForAll("jsonish") String text, @ForAll byte[] earlier) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Embedded.readPooledAfter(earlier, message, this::outcome)).isEqualTo(outcome(Buffer.buffer(message)));
    }

    @Property(tries = 200)
    void theOffsetOfASignalInsideALargerBufferPointsAtItsObject(@ForAll byte[] before) {
        byte[] message = "  {\"type\":\"signal\",\"to\":\"x\"}".getBytes(StandardCharsets.US_ASCII);
        assertThat(reader.read(Embedded.between(before, message, new byte[0])).offset()).isEqualTo(2);
    }

    private void readOrRefuse(byte[] message) {
        try {
            Envelope envelope = reader.read(Buffer.buffer(message));
            assertThat(envelope.type()).isNotNull();
            assertThat(envelope.offset()).isBetween(0, message.length - 1);
        } catch (SignalingException refused) {
            assertThat(refused.code).isIn(ErrorCode.BAD_JSON, ErrorCode.BAD_MESSAGE, ErrorCode.RESERVED_FIELD);
        }
    }

    /** The envelope, or the refusal's code and message: what the protocol would act on. */
    private Object outcome(Buffer message) {
        try {
            return reader.read(message);
        } catch (SignalingException refused) {
            return refused.code + ": " + refused.getMessage();
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "null", "1e999", "-", "0",
                "\"type\"", "\"join\"", "\"room\"", "\"to\"", "\"from\"", "\"hourId\"", "\"contactKeys\"", "\"signature\"", "\"userId\"", " ");
        return Arbitraries.oneOf(token, Arbitraries.strings().ofMaxLength(8)).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
