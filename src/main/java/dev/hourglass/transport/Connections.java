package dev.hourglass.transport;

import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket connections of this instance, of every endpoint, by id. */
@Singleton
public class Connections {

    private final ConcurrentHashMap<String, Connection> open = new ConcurrentHashMap<>();

    void add(Connection connection) {
        open.put(connection.id(), connection);
    }

    void remove(Connection connection) {
        open.remove(connection.id(), connection);
    }

    public int count() {
        return open.size();
    }

    public Collection<Connection> all() {
        return open.values();
    }
}
