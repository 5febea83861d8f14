package dev.hourglass.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** y-protocols messages written byte by byte (lib0 encoding), as the tests send them. */
final class YMessages {

    private YMessages() {
    }

    /** SyncStep1 with the state vector of an empty document. */
    static byte[] syncStep1() {
        return new byte[] {0, 0, 1, 0};
    }

    /** SyncStep2 with an empty update: what a lone client gets for its SyncStep1. */
    static byte[] emptySyncStep2() {
        return new byte[] {0, 1, 2, 0, 0};
    }

    /** An awareness update of one client; {@code state} is its JSON, or "null" for a removal. */
    static byte[] awareness(long clientId, long clock, String state) {
        ByteArrayOutputStream update = new ByteArrayOutputStream();
        varUint(update, 1);
        varUint(update, clientId);
        varUint(update, clock);
        byte[] json = state.getBytes(StandardCharsets.UTF_8);
        varUint(update, json.length);
        update.writeBytes(json);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        varUint(message, 1);
        varUint(message, update.size());
        message.writeBytes(update.toByteArray());
        return message.toByteArray();
    }

    private static void varUint(ByteArrayOutputStream out, long value) {
        while (value > 0x7F) {
            out.write((int) (0x80 | (value & 0x7F)));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
