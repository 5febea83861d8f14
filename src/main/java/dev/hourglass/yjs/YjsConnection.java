package dev.hourglass.yjs;

import dev.hourglass.cluster.Group;
import dev.hourglass.transport.Connection;
import dev.hourglass.transport.Upgraded;

import java.util.LinkedHashMap;
import java.util.Map;

/** A connection to /yjs and the topics it is subscribed to or subscribing. Touched only on its own event loop. */
final class YjsConnection extends Connection {

    final Map<String, Group<YjsConnection>> topics = new LinkedHashMap<>(4);

    YjsConnection(Upgraded upgraded) {
        super(upgraded);
    }

    /** The idle clock runs while the connection has no topic. */
    void updateIdle() {
        setIdle(topics.isEmpty(), System.nanoTime());
    }
}
