package dev.hourglass.contacts;

import dev.hourglass.cluster.ChannelId;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contact keys with a listener (or a binding under way) on this instance, by channel. Each binding holds the
 * keys it listens on; a key leaves the directory with its last binding. Bounded by the connections and the keys one
 * registration may have.
 */
@Singleton
class ContactDirectory {

    private final ConcurrentHashMap<ChannelId, Listeners> keys = new ConcurrentHashMap<>();

    Listeners acquire(String clearKey, ChannelId channel) {
        return keys.compute(channel, (key, listeners) -> {
            Listeners held = listeners == null ? new Listeners(clearKey, key) : listeners;
            held.users++;
            return held;
        });
    }

    void release(Listeners listeners) {
        keys.computeIfPresent(listeners.channel, (key, current) -> {
            if (current != listeners) {
                return current;
            }
            return --current.users == 0 ? null : current;
        });
    }

    Listeners get(ChannelId channel) {
        return keys.get(channel);
    }

    Collection<Listeners> all() {
        return keys.values();
    }

    int size() {
        return keys.size();
    }
}
