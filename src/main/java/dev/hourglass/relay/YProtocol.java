package dev.hourglass.relay;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * The little of the y-protocols wire format (y-websocket's messages, lib0 encoding) the relay reads: the message type
 * of a whole frame, and only when the whole frame is a well-formed message of that type. Anything else, an
 * end-to-end encrypted frame above all, is opaque and only relayed. Never throws on client bytes.
 */
final class YProtocol {

    static final int MESSAGE_SYNC = 0;
    static final int MESSAGE_AWARENESS = 1;
    static final int SYNC_STEP_1 = 0;
    static final int SYNC_STEP_2 = 1;

    /**
     * A SyncStep2 with an empty update (no structs, an empty delete set): "you have everything there is". Bytes, not a
     * Buffer: a static Netty buffer would be built into a native image's heap.
     */
    private static final byte[] EMPTY_SYNC_STEP_2 = {MESSAGE_SYNC, SYNC_STEP_2, 2, 0, 0};

    private static final byte[] NULL_STATE = "null".getBytes(StandardCharsets.US_ASCII);

    /** One entry of an awareness update: a client id, its clock, and whether its state is null (it is gone). */
    interface AwarenessEntries {
        void entry(long clientId, long clock, boolean removed);
    }

    private YProtocol() {
    }

    /** Each call wraps the same bytes anew. */
    static Buffer emptySyncStep2() {
        return Buffer.buffer(EMPTY_SYNC_STEP_2);
    }

    /** The one-byte test that spares the parse for every other frame. */
    static boolean mayBeAwareness(Buffer frame) {
        return frame.length() > 0 && frame.getByte(0) == MESSAGE_AWARENESS;
    }

    /** Whether the frame is exactly a SyncStep1: sync, step 1, a state vector of (client, clock) pairs. */
    static boolean isSyncStep1(Buffer frame) {
        Reader reader = new Reader(frame);
        if (reader.varUint() != MESSAGE_SYNC || reader.varUint() != SYNC_STEP_1) {
            return false;
        }
        int end = reader.lengthPrefixedEnd();
        if (end != frame.length()) {
            return false;
        }
        long entries = reader.varUint();
        for (long i = 0; i < entries && reader.ok(); i++) {
            reader.varUint();
            reader.varUint();
        }
        return reader.ok() && reader.position == end;
    }

    /**
     * Reads a frame that is exactly an awareness message, calling {@code entries} for each of its entries; false
     * (and no call) for any other frame.
     */
    static boolean readAwareness(Buffer frame, AwarenessEntries entries) {
        if (!mayBeAwareness(frame)) {
            return false;
        }
        Reader reader = new Reader(frame);
        reader.varUint();
        int end = reader.lengthPrefixedEnd();
        if (end != frame.length()) {
            return false;
        }
        int start = reader.position;
        if (!walkAwareness(reader, end, null)) {
            return false;
        }
        reader.position = start;
        return walkAwareness(reader, end, entries);
    }

    /** A first pass checks the whole update before the second reports any entry: a malformed one reports none. */
    private static boolean walkAwareness(Reader reader, int end, AwarenessEntries entries) {
        long count = reader.varUint();
        for (long i = 0; i < count && reader.ok(); i++) {
            long clientId = reader.varUint();
            long clock = reader.varUint();
            int stateEnd = reader.lengthPrefixedEnd();
            if (!reader.ok() || stateEnd > end || stateEnd == reader.position) {
                return false;
            }
            boolean removed = reader.matches(NULL_STATE, stateEnd);
            if (!removed && reader.frame.getByte(reader.position) != '{') {
                return false;
            }
            reader.position = stateEnd;
            if (entries != null) {
                entries.entry(clientId, clock, removed);
            }
        }
        return reader.ok() && reader.position == end;
    }

    /** An awareness message that removes these clients' states, each at the clock after the one given. */
    static Buffer awarenessRemoval(long[] clientIds, long[] clocks, int count) {
        Buffer update = Buffer.buffer();
        writeVarUint(update, count);
        for (int i = 0; i < count; i++) {
            writeVarUint(update, clientIds[i]);
            writeVarUint(update, clocks[i] + 1);
            writeVarUint(update, NULL_STATE.length);
            update.appendBytes(NULL_STATE);
        }
        Buffer message = Buffer.buffer(update.length() + 6);
        writeVarUint(message, MESSAGE_AWARENESS);
        writeVarUint(message, update.length());
        return message.appendBuffer(update);
    }

    static void writeVarUint(Buffer out, long value) {
        while (value > 0x7F) {
            out.appendByte((byte) (0x80 | (value & 0x7F)));
            value >>>= 7;
        }
        out.appendByte((byte) value);
    }

    /** lib0's reading, bounded: past the end or past 63 bits it stops and stays failed. */
    private static final class Reader {

        private final Buffer frame;
        private int position;
        private boolean failed;

        Reader(Buffer frame) {
            this.frame = frame;
        }

        boolean ok() {
            return !failed;
        }

        long varUint() {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                if (failed || position >= frame.length()) {
                    failed = true;
                    return -1;
                }
                int b = frame.getByte(position++) & 0xFF;
                value |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return value;
                }
            }
            failed = true;
            return -1;
        }

        /** Reads a length and returns where the bytes it announces end, or -1 (failed) past the frame. */
        int lengthPrefixedEnd() {
            long length = varUint();
            if (failed || length > frame.length() - position) {
                failed = true;
                return -1;
            }
            return position + (int) length;
        }

        boolean matches(byte[] expected, int end) {
            if (end - position != expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if (frame.getByte(position + i) != expected[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
