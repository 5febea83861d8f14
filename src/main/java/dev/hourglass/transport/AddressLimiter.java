package dev.hourglass.transport;

import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, as {@link dev.hourglass.net.ClientAddress} counts it (forwarded behind a
 * trusted proxy, an IPv6 client by its /64). The map holds only addresses with an open connection, so it is bounded
 * by the connection cap. Addresses are client data: never logged.
 */
@Singleton
class AddressLimiter {

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final int maxPerAddress;

    AddressLimiter(TransportConfig config) {
        this.maxPerAddress = config.maxConnectionsPerAddress();
    }

    boolean tryAcquire(String address) {
        boolean[] acquired = {false};
        open.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    void release(String address) {
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
}
