package dev.hourglass.cluster.redis;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Member;
import dev.hourglass.cluster.Publication;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of the engine's pub/sub messages: presence events written by the scripts ({@link Scripts}) and
 * publications written here, {@code P origin count (target)* payload}, with the count in one byte. Ids are connection
 * and node ids, always 22 characters.
 */
final class EventCodec {

    static final int ID = 22;
    private static final int MEMBER = 2 * ID;

    private EventCodec() {
    }

    /** The payload is sealed for the channel ({@link TransitSeal}); the header (node and connection ids) is not. */
    static Buffer publication(String origin, List<String> targets, Buffer payload, String channel, TransitSeal seal) {
        Buffer out = Buffer.buffer(2 + ID * (1 + targets.size()) + payload.length() + 28);
        out.appendByte((byte) 'P').appendString(origin, "US-ASCII").appendByte((byte) targets.size());
        targets.forEach(target -> out.appendString(target, "US-ASCII"));
        seal.seal(channel, payload, out);
        return out;
    }

    /**
     * Delivers one message of a channel to the node; false when it is not one of the engine's or a publication that
     * does not open (ignored).
     */
    static boolean deliver(ClusterNode node, ChannelId channel, String pubsubChannel, Buffer message, TransitSeal seal) {
        if (message.length() == 0) {
            return false;
        }
        switch (message.getByte(0)) {
            case 'P' -> {
                if (message.length() < 2 + ID) {
                    return false;
                }
                String origin = ascii(message, 1, ID);
                if (origin.equals(node.id())) {
                    return true; // our own, back from the subscription
                }
                int count = message.getUnsignedByte(1 + ID);
                int start = 2 + ID + count * ID;
                if (message.length() < start) {
                    return false;
                }
                List<String> targets = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    targets.add(ascii(message, 2 + ID + i * ID, ID));
                }
                Buffer payload = seal.open(origin, pubsubChannel, message.getBuffer(start, message.length()));
                if (payload == null) {
                    return false;
                }
                node.publication(channel, new Publication(origin, targets, payload));
            }
            case 'J' -> {
                if (message.length() < 1 + MEMBER || (message.length() - 1 - MEMBER) % MEMBER != 0) {
                    return false;
                }
                node.joined(channel, member(message, 1), members(message, 1 + MEMBER));
            }
            case 'L' -> {
                if (message.length() != 1 + MEMBER) {
                    return false;
                }
                Member left = member(message, 1);
                if (!left.node().equals(node.id())) {
                    node.left(channel, left);
                }
            }
            case 'S' -> {
                if (message.length() < 1 + ID || (message.length() - 1 - ID) % MEMBER != 0) {
                    return false;
                }
                node.synced(channel, ascii(message, 1, ID), members(message, 1 + ID));
            }
            case 'F' -> {
                if ((message.length() - 1) % MEMBER != 0) {
                    return false;
                }
                node.synced(channel, null, members(message, 1));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static List<Member> members(Buffer message, int from) {
        List<Member> members = new ArrayList<>((message.length() - from) / MEMBER);
        for (int at = from; at < message.length(); at += MEMBER) {
            members.add(member(message, at));
        }
        return members;
    }

    private static Member member(Buffer message, int at) {
        return new Member(ascii(message, at, ID), ascii(message, at + ID, ID));
    }

    private static String ascii(Buffer message, int at, int length) {
        return new String(message.getBytes(at, at + length), StandardCharsets.US_ASCII);
    }
}
