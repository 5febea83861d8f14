package dev.hourglass.yjs;

import java.util.List;

/**
 * The fields of a y-webrtc signaling message the server acts on; everything else in a publish is the clients' and
 * relayed as sent.
 *
 * @param objectEnd byte offset of the message object's closing brace, where a publish gets its {@code clients}
 */
record YjsMessage(String type, String topic, List<String> topics, int objectEnd) {
}
