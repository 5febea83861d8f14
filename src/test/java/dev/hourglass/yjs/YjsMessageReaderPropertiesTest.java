package dev.hourglass.yjs;

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

/** Whatever bytes arrive on /yjs, the reader returns a message or refuses with a code; a message's end is its brace. */
class YjsMessageReaderPropertiesTest {

    private final YjsMessageReader reader = new YjsMessageReader(TestJsonLimits.defaults(), 64);

    @Property(tries = 3000)
    void anyBytesAreReadOrRefusedWithACode(@ForAll byte[] message) {
        readOrRefuse(message);
    }

    @Property(tries = 3000)
    void anyJsonLikeTextIsReadOrRefusedWithACode(@ForAll("jsonish") String text) {
        readOrRefuse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void aMessageInsideALargerBufferReadsAsItsOwnCopy(@ForAll byte[] before, @ForAll("jsonish") String text, @ForAll byte[] after) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(Embedded.between(before, message, after))).isEqualTo(outcome(Buffer.buffer(message)));
    }

    /** Read from a thread's scratch array, which an earlier, longer message left its bytes in. */
    @Property(tries = 500)
    void aMessageInPooledMemoryReadsAsItsHeapCopy(@ForAll("jsonish") String text, @ForAll byte[] earlier) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Embedded.readPooledAfter(earlier, message, this::outcome)).isEqualTo(outcome(Buffer.buffer(message)));
    }

    @Property(tries = 200)
    void aPublishInsideALargerBufferKeepsItsSplicePoint(@ForAll byte[] before) {
        byte[] message = " {\"type\":\"publish\",\"topic\":\"t\"} ".getBytes(StandardCharsets.US_ASCII);
        byte[] braceAfter = {'}'};
        assertThat(reader.read(Embedded.between(before, message, braceAfter)).objectEnd()).isEqualTo(message.length - 2);
    }

    private Object outcome(Buffer message) {
        try {
            return reader.read(message);
        } catch (YjsException refused) {
            return refused.code + ": " + refused.getMessage();
        }
    }

    private void readOrRefuse(byte[] message) {
        try {
            YjsMessage read = reader.read(Buffer.buffer(message));
            assertThat(read.type()).isNotNull();
            assertThat(message[read.objectEnd()]).as("the splice point is the object's closing brace").isEqualTo((byte) '}');
        } catch (YjsException refused) {
            assertThat(refused.code).isIn(YjsError.BAD_JSON, YjsError.BAD_MESSAGE, YjsError.TOO_MANY_TOPICS);
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1", " ", "\"type\"", "\"publish\"",
                "\"topic\"", "\"topics\"", "\"subscribe\"", "\"clients\"", "\"data\"", "\"t\"");
        return Arbitraries.oneOf(token, Arbitraries.strings().ofMaxLength(6)).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }
}
