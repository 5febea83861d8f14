package dev.hourglass.signaling;

import java.util.List;

/**
 * The top-level fields of a client message that routing needs; everything else stays in the original bytes
 * and is relayed as it came. A field is null when absent.
 *
 * @param to        peer ids (rooms), identity ids (realms) or, for a signal outside rooms, one contact key; null when absent
 * @param offset    index of the opening brace of the top-level object in the message bytes
 */
public record Envelope(String type, String room, String realm, List<String> to, boolean toIsList, String userId, Long hourId,
        List<String> contactKeys, String signature, int offset) {

    public String singleTo() {
        return to != null && !toIsList ? to.get(0) : null;
    }
}
