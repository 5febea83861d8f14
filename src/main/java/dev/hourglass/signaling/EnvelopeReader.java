package dev.hourglass.signaling;

import dev.hourglass.json.JsonLimits;
import dev.hourglass.transport.Buffers;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the routing fields of a message in one pass over its bytes where they lie, building neither a tree nor a
 * parser: values of other fields (an SDP, a candidate) are checked and skipped, not decoded. The pass checks that the
 * whole message is well-formed JSON (RFC 8259 in UTF-8, no name twice in an object at any depth, within the JSON
 * limits), so nothing malformed is ever relayed.
 *
 * <p>Until this reader, Jackson's streaming parser read the envelope, and each relayed message cost about a kilobyte of
 * garbage for it (the parser, its contexts, a duplicate-name set per object). This reader accepts and refuses what that
 * one did, with the same codes, in the same order (a property test holds it to that with the Jackson reader as its
 * oracle), with two deliberate differences: it reads UTF-8 strictly (Jackson let overlong forms and encoded surrogates
 * through), and it does not guess UTF-16 or UTF-32 from zero bytes at the start (a WebSocket text message is UTF-8).
 *
 * <p>Allocation per message: the envelope, the strings routing needs (a known {@code type} is a constant), a list for
 * {@code to}. The names of an object are compared where they lie; an object of more than a few names, or with an
 * escaped name, compares decoded names in a set instead, so no message costs more than linear time.
 */
final class EnvelopeReader {

    /** More ids than this in a group `to` is not a group, it is a broadcast written out. */
    private static final int MAX_TO = 64;
    /** Up to this many names an object's names are compared pairwise where they lie; past it, in a set. */
    private static final int PAIRWISE_NAMES = 8;

    private static final FastThreadLocal<Scan> SCANS = new FastThreadLocal<>() {
        @Override
        protected Scan initialValue() {
            return new Scan();
        }
    };

    private final JsonLimits limits;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final int maxContactKeys;

    EnvelopeReader(JsonLimits limits, int maxContactKeys) {
        this.limits = limits;
        this.maxDepth = limits.config().maxDepth();
        this.maxStringLength = limits.config().maxStringLength();
        this.maxNumberLength = limits.config().maxNumberLength();
        this.maxContactKeys = maxContactKeys;
    }

    /**
     * Reads the message where it lies when it has an array (a held message's heap copy), else from this thread's
     * scratch copy of a frame's pooled bytes; no array is made per message (the envelope's offset counts from the
     * message's first byte).
     */
    Envelope read(Buffer message) {
        ByteBuf bytes = Buffers.readable(message);
        Scan scan = SCANS.get();
        try {
            if (bytes.hasArray()) {
                int from = bytes.arrayOffset() + bytes.readerIndex();
                return scan.envelope(this, bytes.array(), from, from + bytes.readableBytes());
            }
            return scan.envelope(this, Buffers.scratchCopy(bytes), 0, bytes.readableBytes());
        } finally {
            scan.release();
        }
    }

    /** One read's state, kept per thread between reads for its scratch space (the names of the open objects). */
    private static final class Scan {

        private static final int STRING = 1;
        private static final int INTEGER = 2;
        private static final int FLOAT = 3;
        private static final int LITERAL = 4;
        private static final int ARRAY = 5;
        private static final int OBJECT = 6;

        /** Bytes that stand for themselves in a string: printable ASCII but the quote and the backslash. */
        private static final boolean[] PLAIN = new boolean[256];

        static {
            for (int c = 0x20; c < 0x80; c++) {
                PLAIN[c] = c != '"' && c != '\\';
            }
        }

        private static final String[] FREQUENT_TYPES = {"signal", "join", "leave", "ping", "hello", "realm-signal"};
        private static final byte[][] FREQUENT_TYPE_BYTES = Arrays.stream(FREQUENT_TYPES)
                .map(type -> type.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

        private EnvelopeReader reader;
        private byte[] b;
        private int start;
        private int end;
        private int pos;
        /** Where the last number began, and its digit counts (the JSON limit counts digits). */
        private int numberStart;
        private int numberDigits;
        /** Start and end of each unescaped name of the open objects, innermost last; each object's from its base. */
        private int[] names = new int[64];
        private int top;

        void release() {
            b = null;
            reader = null;
            top = 0;
        }

        Envelope envelope(EnvelopeReader reader, byte[] bytes, int from, int until) {
            this.reader = reader;
            this.b = bytes;
            this.start = from;
            this.end = until;
            this.pos = from;
            this.top = 0;
            // Jackson skipped a byte-order mark; a client that sends one keeps working.
            if (end - pos >= 3 && b[pos] == (byte) 0xEF && b[pos + 1] == (byte) 0xBB && b[pos + 2] == (byte) 0xBF) {
                pos += 3;
            }
            skipWhitespace();
            if (pos == end) {
                throw bad(ErrorCode.BAD_MESSAGE, "a message is a JSON object");
            }
            if (b[pos] != '{') {
                throw notAnObject();
            }
            enter(1);
            int offset = pos - start;
            pos++;
            String type = null;
            String room = null;
            String realm = null;
            List<String> to = null;
            boolean toIsList = false;
            String userId = null;
            Long hourId = null;
            List<String> contactKeys = null;
            String signature = null;
            int base = top;
            Set<String> decodedNames = null;
            skipWhitespace();
            if (at(pos) == '}') {
                pos++;
            } else {
                do {
                    int nameStart = nameStart();
                    boolean escaped = skipString();
                    int nameEnd = pos - 1;
                    decodedNames = distinct(base, nameStart, nameEnd, escaped, decodedNames);
                    Field field = Field.of(b, nameStart, nameEnd, escaped ? decode(nameStart, nameEnd, true) : null);
                    colon();
                    int value = valueStart(1);
                    switch (field) {
                        case TYPE -> type = type(value);
                        case ROOM -> room = string(value, "room");
                        case REALM -> realm = string(value, "realm");
                        case TO -> {
                            toIsList = value == ARRAY;
                            to = toIsList ? strings("to", MAX_TO) : List.of(string(value, "to"));
                        }
                        case FROM -> throw bad(ErrorCode.RESERVED_FIELD, "from is set by the server");
                        case USER_ID -> userId = string(value, "userId");
                        case HOUR_ID -> {
                            if (value != INTEGER) {
                                throw bad(ErrorCode.BAD_MESSAGE, "hourId must be an integer");
                            }
                            hourId = longValue();
                        }
                        case CONTACT_KEYS -> {
                            if (value != ARRAY) {
                                throw bad(ErrorCode.BAD_MESSAGE, "contactKeys must be an array of strings");
                            }
                            contactKeys = strings("contactKeys", reader.maxContactKeys);
                        }
                        case SIGNATURE -> signature = string(value, "signature");
                        case OTHER -> skipRest(value, 1);
                    }
                } while (nextMember('}'));
            }
            skipWhitespace();
            if (pos != end) {
                throw bad(ErrorCode.BAD_JSON, "trailing data after the message object");
            }
            if (type == null) {
                throw bad(ErrorCode.BAD_MESSAGE, "type is required");
            }
            return new Envelope(type, room, realm, to, toIsList, userId, hourId, contactKeys, signature, offset);
        }

        /**
         * The message is not an object: refused as bad-message if its first value starts as JSON does (Jackson read
         * that far and no farther, so the rest is not looked at), as bad-json if not even that.
         */
        private SignalingException notAnObject() {
            int value = valueStart(0);
            if ((value == INTEGER || value == FLOAT) && pos < end && !isWhitespace(b[pos])) {
                return invalid(pos);
            }
            checkNumberLength(value);
            return bad(ErrorCode.BAD_MESSAGE, "a message is a JSON object");
        }

        /**
         * Reads the first part of a value, as far as Jackson read before handing it over: a string's opening quote (its
         * text is read by {@link #string}, {@link #skipString} or not at all), a whole number or literal, a
         * container's opening bracket. Returns its kind.
         */
        private int valueStart(int depth) {
            int c = at(pos);
            switch (c) {
                case '"' -> {
                    return STRING;
                }
                case '{', '[' -> {
                    enter(depth + 1);
                    pos++;
                    return c == '{' ? OBJECT : ARRAY;
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        int kind = number();
                        if (depth > 0) {
                            checkNumberLength(kind);
                        }
                        return kind;
                    }
                    throw invalid(pos);
                }
            }
            return LITERAL;
        }

        private void enter(int depth) {
            if (depth > reader.maxDepth) {
                throw limit(reader.limits.tooDeep());
            }
        }

        /** The rest of a value whose start {@link #valueStart} read, checked and skipped. */
        private void skipRest(int kind, int depth) {
            switch (kind) {
                case STRING -> {
                    pos++;
                    skipString();
                }
                case ARRAY -> skipArray(depth + 1);
                case OBJECT -> skipObject(depth + 1);
                default -> {
                }
            }
        }

        private void skipObject(int depth) {
            int base = top;
            Set<String> decodedNames = null;
            skipWhitespace();
            if (at(pos) == '}') {
                pos++;
                return;
            }
            do {
                int nameStart = nameStart();
                boolean escaped = skipString();
                decodedNames = distinct(base, nameStart, pos - 1, escaped, decodedNames);
                colon();
                skipRest(valueStart(depth), depth);
            } while (nextMember('}'));
            top = base;
        }

        private void skipArray(int depth) {
            skipWhitespace();
            if (at(pos) == ']') {
                pos++;
                return;
            }
            do {
                skipRest(valueStart(depth), depth);
            } while (nextMember(']'));
        }

        /** After a member: a comma and the next one's start (true), or the container's close (false). */
        private boolean nextMember(char close) {
            skipWhitespace();
            int c = at(pos);
            if (c == ',') {
                pos++;
                skipWhitespace();
                return true;
            }
            if (c == close) {
                pos++;
                return false;
            }
            throw invalid(pos);
        }

        /** A name's opening quote; returns where its text starts. */
        private int nameStart() {
            if (at(pos) != '"') {
                throw invalid(pos);
            }
            return ++pos;
        }

        private void colon() {
            skipWhitespace();
            if (at(pos) != ':') {
                throw invalid(pos);
            }
            pos++;
            skipWhitespace();
        }

        /**
         * Checks a name against the others of its object (and against the string limit). Returns the object's set of
         * decoded names once it has one (past {@link #PAIRWISE_NAMES} names, or from its first escaped name).
         */
        private Set<String> distinct(int base, int nameStart, int nameEnd, boolean escaped, Set<String> decodedNames) {
            if (nameEnd - nameStart > reader.maxStringLength && utf8Length(nameStart, nameEnd, escaped) > reader.maxStringLength) {
                throw limit(reader.limits.stringTooLong());
            }
            if (decodedNames == null && (escaped || top - base == 2 * PAIRWISE_NAMES)) {
                decodedNames = new HashSet<>();
                for (int i = base; i < top; i += 2) {
                    decodedNames.add(decode(names[i], names[i + 1], false));
                }
                top = base;
            }
            if (decodedNames != null) {
                if (!decodedNames.add(decode(nameStart, nameEnd, escaped))) {
                    throw duplicate(nameStart);
                }
                return decodedNames;
            }
            int length = nameEnd - nameStart;
            for (int i = base; i < top; i += 2) {
                if (names[i + 1] - names[i] == length && Arrays.equals(b, names[i], names[i + 1], b, nameStart, nameEnd)) {
                    throw duplicate(nameStart);
                }
            }
            if (top + 2 > names.length) {
                names = Arrays.copyOf(names, names.length * 2);
            }
            names[top++] = nameStart;
            names[top++] = nameEnd;
            return null;
        }

        /**
         * A name's length as Jackson limited it: in UTF-8 bytes of its text (an escape counts the bytes of the
         * character it stands for), not in characters as a value's.
         */
        private int utf8Length(int from, int to, boolean escaped) {
            if (!escaped) {
                return to - from;
            }
            int length = 0;
            for (int i = from; i < to; i++) {
                if (b[i] != '\\') {
                    length++;
                } else if (b[i + 1] != 'u') {
                    length++;
                    i++;
                } else {
                    char c = unicodeEscape(i);
                    length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                    i += 5;
                }
            }
            return length;
        }

        private String string(int kind, String field) {
            if (kind != STRING) {
                throw bad(ErrorCode.BAD_MESSAGE, field + " must be a string");
            }
            int from = ++pos;
            boolean escaped = skipString();
            return text(from, pos - 1, escaped);
        }

        /** The type, as the constant it names when it is one of the frequent ones: no string made per message. */
        private String type(int kind) {
            if (kind != STRING) {
                throw bad(ErrorCode.BAD_MESSAGE, "type must be a string");
            }
            int from = ++pos;
            boolean escaped = skipString();
            int to = pos - 1;
            if (!escaped) {
                for (int i = 0; i < FREQUENT_TYPES.length; i++) {
                    byte[] known = FREQUENT_TYPE_BYTES[i];
                    if (known.length == to - from && Arrays.equals(known, 0, known.length, b, from, to)) {
                        return FREQUENT_TYPES[i];
                    }
                }
            }
            return text(from, to, escaped);
        }

        private String text(int from, int to, boolean escaped) {
            String text = decode(from, to, escaped);
            if (text.length() > reader.maxStringLength) {
                throw limit(reader.limits.stringTooLong());
            }
            return text;
        }

        private List<String> strings(String field, int max) {
            List<String> values = new ArrayList<>();
            skipWhitespace();
            if (at(pos) == ']') {
                pos++;
                return values;
            }
            do {
                int kind = valueStart(2);
                if (kind != STRING) {
                    throw bad(ErrorCode.BAD_MESSAGE, field + " must hold only strings");
                }
                if (values.size() == max) {
                    throw bad(ErrorCode.BAD_MESSAGE, field + " holds more than " + max + " entries");
                }
                values.add(string(kind, field));
            } while (nextMember(']'));
            return values;
        }

        /**
         * Checks a string's text from after its opening quote to after its closing one: escapes, no raw control
         * characters, strict UTF-8. Returns whether it holds an escape (then its bytes are not its text).
         */
        private boolean skipString() {
            boolean escaped = false;
            while (true) {
                // Most of a message is printable ASCII inside a string (an SDP): one table lookup per byte.
                int i = pos;
                while (i < end && PLAIN[b[i] & 0xFF]) {
                    i++;
                }
                pos = i;
                int c = at(pos) & 0xFF;
                if (c == '"') {
                    pos++;
                    return escaped;
                }
                if (c == '\\') {
                    escaped = true;
                    escape();
                } else if (c < 0x20) {
                    throw invalid(pos);
                } else if (c < 0x80) {
                    pos++;
                } else {
                    multiByteCharacter();
                }
            }
        }

        private void escape() {
            int c = at(pos + 1);
            switch (c) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
                case 'u' -> {
                    for (int i = pos + 2; i < pos + 6; i++) {
                        if (Character.digit(at(i), 16) < 0) {
                            throw invalid(i);
                        }
                    }
                    pos += 6;
                }
                default -> throw invalid(pos + 1);
            }
        }

        /** Checks a multi-byte UTF-8 sequence at pos, strictly (RFC 3629: shortest form, no surrogates, at most U+10FFFF). */
        private void multiByteCharacter() {
            int lead = b[pos] & 0xFF;
            int count;
            int min;
            int max = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                count = 1;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                count = 2;
                min = lead == 0xE0 ? 0xA0 : 0x80;
                max = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                count = 3;
                min = lead == 0xF0 ? 0x90 : 0x80;
                max = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw invalid(pos);
            }
            for (int i = 1; i <= count; i++) {
                int next = at(pos + i) & 0xFF;
                if (next < (i == 1 ? min : 0x80) || next > (i == 1 ? max : 0xBF)) {
                    throw invalid(pos + i);
                }
            }
            pos += count + 1;
        }

        /** A literal, and (as Jackson read it) no identifier character right after it: "truex" is not "true" and an x. */
        private void literal(String word) {
            for (int i = 0; i < word.length(); i++) {
                if (at(pos + i) != word.charAt(i)) {
                    throw invalid(pos + i);
                }
            }
            pos += word.length();
            if (pos < end) {
                // Jackson also refused any non-ASCII character there (it read the character's lead byte twice).
                int c = b[pos] & 0xFF;
                if (c >= 0x80 || (c >= '0' && c != ']' && c != '}' && Character.isJavaIdentifierPart((char) c))) {
                    throw invalid(pos);
                }
            }
        }

        /** A number (RFC 8259: no leading zeros, digits on both sides of a point, a signed exponent); its kind. */
        private int number() {
            numberStart = pos;
            if (b[pos] == '-') {
                pos++;
            }
            int first = at(pos);
            if (first < '0' || first > '9') {
                throw invalid(pos);
            }
            int digits = digits();
            if (first == '0' && digits > 1) {
                throw invalid(numberStart + (b[numberStart] == '-' ? 2 : 1));
            }
            int kind = INTEGER;
            if (pos < end && b[pos] == '.') {
                pos++;
                int fraction = digits();
                if (fraction == 0) {
                    throw invalid(pos);
                }
                digits += fraction;
                kind = FLOAT;
            }
            if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
                pos++;
                if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                    pos++;
                }
                int exponent = digits();
                if (exponent == 0) {
                    throw invalid(pos);
                }
                digits += exponent;
                kind = FLOAT;
            }
            numberDigits = digits;
            return kind;
        }

        private int digits() {
            int from = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            return pos - from;
        }

        private void checkNumberLength(int kind) {
            if ((kind == INTEGER || kind == FLOAT) && numberDigits > reader.maxNumberLength) {
                throw limit(reader.limits.numberTooLong());
            }
        }

        /** The integer just read; one outside a long is not read (Jackson refused it as bad-json too). */
        private long longValue() {
            int i = numberStart;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            long value = 0;
            for (; i < pos; i++) {
                int digit = b[i] - '0';
                // Accumulated negatively, so that Long.MIN_VALUE fits.
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw invalid(numberStart);
                }
                value = value * 10 - digit;
            }
            if (!negative && value == Long.MIN_VALUE) {
                throw invalid(numberStart);
            }
            return negative ? value : -value;
        }

        private String decode(int from, int to, boolean escaped) {
            if (!escaped) {
                return new String(b, from, to - from, StandardCharsets.UTF_8);
            }
            StringBuilder text = new StringBuilder(to - from);
            int run = from;
            for (int i = from; i < to; i++) {
                if (b[i] != '\\') {
                    continue;
                }
                text.append(new String(b, run, i - run, StandardCharsets.UTF_8));
                char c = (char) b[i + 1];
                switch (c) {
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'u' -> {
                        text.append(unicodeEscape(i));
                        i += 4;
                    }
                    default -> text.append(c);
                }
                i++;
                run = i + 1;
            }
            return text.append(new String(b, run, to - run, StandardCharsets.UTF_8)).toString();
        }

        /** The character of the {@code \\uXXXX} escape at i, whose digits {@link #escape} has checked. */
        private char unicodeEscape(int i) {
            int c = 0;
            for (int digit = i + 2; digit < i + 6; digit++) {
                c = c << 4 | Character.digit(b[digit], 16);
            }
            return (char) c;
        }

        private void skipWhitespace() {
            while (pos < end && isWhitespace(b[pos])) {
                pos++;
            }
        }

        private static boolean isWhitespace(byte c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t';
        }

        /** The byte at i; the message ending before it is not JSON. */
        private byte at(int i) {
            if (i >= end) {
                throw invalid(end);
            }
            return b[i];
        }

        private SignalingException invalid(int at) {
            return bad(ErrorCode.BAD_JSON, "not valid JSON at byte " + (at - start));
        }

        private SignalingException duplicate(int nameStart) {
            return bad(ErrorCode.BAD_JSON, "a name twice in one object at byte " + (nameStart - 1 - start));
        }

        private static SignalingException limit(String passed) {
            return bad(ErrorCode.BAD_JSON, "the message is " + passed);
        }

        private static SignalingException bad(ErrorCode code, String message) {
            return new SignalingException(code, message);
        }
    }

    /** The top-level names routing reads, matched where they lie (or, escaped, decoded). */
    private enum Field {
        TYPE("type"), ROOM("room"), REALM("realm"), TO("to"), FROM("from"), USER_ID("userId"), HOUR_ID("hourId"),
        CONTACT_KEYS("contactKeys"), SIGNATURE("signature"), OTHER("");

        private static final Field[] NAMED = Arrays.copyOf(values(), values().length - 1);

        private final String name;
        private final byte[] bytes;

        Field(String name) {
            this.name = name;
            this.bytes = name.getBytes(StandardCharsets.US_ASCII);
        }

        static Field of(byte[] b, int from, int to, String decoded) {
            for (Field field : NAMED) {
                if (decoded != null ? field.name.equals(decoded)
                        : field.bytes.length == to - from && Arrays.equals(field.bytes, 0, field.bytes.length, b, from, to)) {
                    return field;
                }
            }
            return OTHER;
        }
    }
}
