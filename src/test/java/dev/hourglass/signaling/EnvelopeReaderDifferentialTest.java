package dev.hourglass.signaling;

import dev.hourglass.json.JsonLimits;
import dev.hourglass.json.TestJsonLimits;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope reader accepts and refuses what the Jackson reader of the first releases did: the same envelope, or the
 * same code with the same message (for bad-json, the same limit named, or both saying the bytes are not JSON; where in
 * the bytes each says is its own), at the default limits and at limits small enough to be passed. Its two deliberate
 * differences are checked on their own: strict UTF-8, and UTF-8 only.
 */
class EnvelopeReaderDifferentialTest {

    private static final JsonLimits TIGHT = TestJsonLimits.of(3, 8, 4);

    private final EnvelopeReader reader = new EnvelopeReader(TestJsonLimits.defaults(), 256);
    private final JacksonEnvelopeReader oracle = new JacksonEnvelopeReader(TestJsonLimits.defaults(), 256);
    private final EnvelopeReader tightReader = new EnvelopeReader(TIGHT, 3);
    private final JacksonEnvelopeReader tightOracle = new JacksonEnvelopeReader(TIGHT, 3);

    @Property(tries = 5000)
    void anyBytesGetWhatJacksonGave(@ForAll byte[] message) {
        sameAsJackson(message);
    }

    @Property(tries = 10000)
    void jsonLikeTextGetsWhatJacksonGave(@ForAll("jsonish") String message) {
        sameAsJackson(utf8(message));
    }

    @Property(tries = 10000)
    void envelopesAndTheirMutantsGetWhatJacksonGave(@ForAll("mutants") String message) {
        sameAsJackson(utf8(message));
    }

    @Property(tries = 2000)
    void anyTextRoutesAsJacksonDecodedIt(@ForAll("text") String room, @ForAll("text") String other) {
        byte[] message = utf8("{\"type\":\"join\",\"room\":\"" + escaped(room) + "\",\"x\":\"" + escaped(other) + "\"}");
        Object outcome = outcome(reader::read, message);
        assertThat(outcome).isEqualTo(outcome(oracle::read, message));
        if (outcome instanceof Envelope envelope) {
            assertThat(envelope.room()).isEqualTo(room);
        }
    }

    @Property(tries = 1000)
    void bytesThatAreNotUtf8AreRefusedInAnyString(@ForAll("notUtf8") byte[] sequence, @ForAll("where") int where) {
        String[] around = {"{\"type\":\"signal\",\"room\":\"r", "\",\"data\":{\"sdp\":\"v=0", "\"}}"};
        // In a routed string, a skipped string or a name.
        String before = where == 0 ? around[0] : around[0] + around[1];
        String after = where == 0 ? around[1] + around[2] : around[2];
        if (where == 2) {
            before = "{\"type\":\"signal\",\"n";
            after = "\":1}";
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(utf8(before));
        message.writeBytes(sequence);
        message.writeBytes(utf8(after));
        assertThat(outcome(reader::read, message.toByteArray())).isEqualTo(ErrorCode.BAD_JSON.toString());
    }

    @Example
    void aByteOrderMarkIsSkippedAsJacksonDid() {
        byte[] message = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', 'p', 'i', 'n', 'g', '"', '}'};
        assertThat(outcome(reader::read, message)).isEqualTo(outcome(oracle::read, message));
        assertThat(reader.read(Buffer.buffer(message)).offset()).isEqualTo(3);
    }

    @Example
    void duplicateNamesAreFoundHoweverTheObjectIsWritten() {
        for (String message : List.of(
                "{\"type\":\"x\",\"a\":1,\"a\":2}",
                "{\"type\":\"x\",\"a\":1,\"\\u0061\":2}",
                "{\"type\":\"x\",\"d\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"a\":0}}",
                "{\"type\":\"x\",\"d\":[{\"a\":1},{\"a\":1,\"a\":1}]}",
                "{\"type\":\"x\",\"type\":\"x\"}")) {
            assertThat(outcome(reader::read, utf8(message))).as(message).isEqualTo(ErrorCode.BAD_JSON.toString());
            assertThat(outcome(oracle::read, utf8(message))).as(message).isEqualTo(ErrorCode.BAD_JSON.toString());
        }
        assertThat(reader.read(Buffer.buffer("{\"type\":\"x\",\"d\":[{\"a\":1},{\"a\":1}],\"e\":{\"a\":{\"a\":1}}}")).type()).isEqualTo("x");
    }

    @Example
    void stringsLongerThanTheLimitAreRefusedForIt() {
        String tooLong = "BAD_JSON: the message is a string longer than 8 characters";
        for (String message : List.of(
                "{\"type\":\"123456789\"}",
                "{\"type\":\"x\",\"room\":\"r\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e94\"}",
                "{\"type\":\"x\",\"123456789\":1}",
                "{\"type\":\"x\",\"d\":{\"éééé9\":1}}",
                "{\"type\":\"x\",\"to\":[\"a\",\"123456789\"]}")) {
            assertThat(tightOutcome(message)).as(message).isEqualTo(tooLong);
        }
        // Eight characters are within it, nine bytes of a value's eight characters too (a name counts its UTF-8 bytes, as Jackson did).
        assertThat(tightReader.read(Buffer.buffer("{\"type\":\"x\",\"room\":\"1234567é\",\"d\":{\"1234567\\u0061\":1}}")).room()).isEqualTo("1234567é");
        assertThat(tightOutcome("{\"type\":\"x\",\"1234567é\":1}")).isEqualTo(tooLong);
    }

    private String tightOutcome(String message) {
        try {
            return tightReader.read(Buffer.buffer(message)).toString();
        } catch (SignalingException refused) {
            return refused.code + ": " + refused.getMessage();
        }
    }

    private void sameAsJackson(byte[] message) {
        // Jackson took zero bytes among the first four for UTF-16 or UTF-32; a text message is UTF-8.
        for (int i = 0; i < Math.min(4, message.length); i++) {
            Assume.that(message[i] != 0);
        }
        assertThat(outcome(reader::read, message)).as("default limits").isEqualTo(outcome(oracle::read, message));
        assertThat(outcome(tightReader::read, message)).as("tight limits").isEqualTo(outcome(tightOracle::read, message));
    }

    /**
     * The envelope, or what a client is told: the code, and the message; for bad-json only the limit it names, the
     * depth or a number's length. Not a string's: Jackson checked a name's length only when its buffer grew, so whether
     * a name too long and also malformed was refused for the one or the other depended on that buffer (the reader checks
     * each whole string; {@link #stringsLongerThanTheLimitAreRefusedForIt} holds it to the limit).
     */
    private static Object outcome(Function<Buffer, Envelope> read, byte[] message) {
        try {
            return read.apply(Buffer.buffer(message));
        } catch (SignalingException refused) {
            if (refused.code == ErrorCode.BAD_JSON
                    && (!refused.getMessage().startsWith("the message is") || refused.getMessage().contains("a string longer"))) {
                return refused.code.toString();
            }
            return refused.code + ": " + refused.getMessage();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String escaped(String text) {
        StringBuilder json = new StringBuilder();
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').append((char) c);
            } else if (c < 0x20 || c % 7 == 0) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.append((char) c);
            }
        });
        return json.toString();
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\u00e9", "\\ud83d", "null", "true",
                "false", "truex", "true_", "true$", "1e999", "-", "0", "01", "-0", "1.5", "1.", ".5", "1e", "1E+2", "12345", "123456789012345678901",
                "99999999999999999999", "-9223372036854775808", "\"type\"", "\"join\"", "\"signal\"", "\"room\"", "\"realm\"", "\"to\"",
                "\"from\"", "\"hourId\"", "\"contactKeys\"", "\"signature\"", "\"userId\"", "\"t\\u0079pe\"", " ", "\n", "\t", "\u0001", "é",
                "€", "x", "/", "'");
        return Arbitraries.oneOf(token, Arbitraries.strings().ofMaxLength(8)).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "1", "x", " ", "\"a\":1", "é", "\u0002");
        return Combinators.combine(object(3, true), Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000), token)
                .as((object, mutation, at, inserted) -> {
                    int i = object.isEmpty() ? 0 : at % object.length();
                    return switch (mutation) {
                        case 0 -> object.substring(0, i) + object.substring(Math.min(object.length(), i + 1));
                        case 1 -> object.substring(0, i) + inserted + object.substring(i);
                        case 2 -> object.substring(0, i);
                        default -> object;
                    };
                });
    }

    private Arbitrary<String> object(int depth, boolean top) {
        Arbitrary<String> names = top
                ? Arbitraries.of("type", "type", "room", "realm", "to", "to", "from", "userId", "hourId", "contactKeys", "signature", "data",
                        "t\\u0079pe", "a", "b", "c")
                : Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "\\u0061", "sdp", "type");
        Arbitrary<String> member = Combinators.combine(names, value(depth - 1)).as((name, value) -> "\"" + name + "\":" + value);
        return member.list().ofMaxSize(top ? 7 : 11).map(members -> "{" + String.join(",", members) + "}");
    }

    private Arbitrary<String> value(int depth) {
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(10).map(text -> "\"" + escaped(text) + "\"");
        Arbitrary<String> leaves = Arbitraries.oneOf(strings, strings,
                Arbitraries.of("0", "-1", "7", "1.5", "-2e3", "123456", "12.345", "1E+9", "9223372036854775807", "9223372036854775808", "true",
                        "false", "null", "\"signal\"", "\"join\"", "\"" + "a".repeat(9) + "\""));
        if (depth <= 0) {
            return leaves;
        }
        Arbitrary<String> arrays = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(5).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> objects = Arbitraries.lazy(() -> object(depth - 1, false));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaves), net.jqwik.api.Tuple.of(2, arrays), net.jqwik.api.Tuple.of(1, objects));
    }

    /** Any text without lone surrogates (UTF-8 cannot hold them), emoji included. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> chars = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff').ofMaxLength(12);
        return Arbitraries.oneOf(chars, chars.map(text -> text + "\ud83d\ude00" + text));
    }

    @Provide
    Arbitrary<byte[]> notUtf8() {
        return Arbitraries.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xBF}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xC1, (byte) 0x81}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xFF});
    }

    @Provide
    Arbitrary<Integer> where() {
        return Arbitraries.integers().between(0, 2);
    }
}
