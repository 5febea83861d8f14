package dev.hourglass.yjs;

import dev.hourglass.json.TestJsonLimits;
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

    private void readOrRefuse(byte[] message) {
        try {
            YjsMessage read = reader.read(message);
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
