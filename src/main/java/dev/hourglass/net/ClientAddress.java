package dev.hourglass.net;

import dev.hourglass.crypto.Hex;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.Arrays;

/**
 * The client address that per-address limits count: the forwarded one when a trusted proxy sent the request
 * (quarkus.http.proxy.*), the peer's otherwise. Client data: it keys limits and is never logged.
 */
public final class ClientAddress {

    /** Where the address is not an IP address: a forwarded "unknown", an obfuscated RFC 7239 identifier, a name. */
    static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        // Vert.x gives no host address for a forwarded value that is not an IP literal.
        return remote == null ? UNKNOWN : limitKey(remote.hostAddress());
    }

    /**
     * An IPv4 address as it is; an IPv6 address by its /64 network, since a subscriber is usually given a whole /64
     * and may use any address in it (an IPv4-mapped one counts as its IPv4 address).
     */
    static String limitKey(String hostAddress) {
        if (hostAddress == null || hostAddress.isEmpty()) {
            return UNKNOWN;
        }
        if (hostAddress.indexOf(':') < 0) {
            return hostAddress;
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(hostAddress);
        if (ip == null) {
            return UNKNOWN;
        }
        if (ip.length == 4) {
            return NetUtil.bytesToIpAddress(ip);
        }
        if (isIpv4Mapped(ip)) {
            return NetUtil.bytesToIpAddress(Arrays.copyOfRange(ip, 12, 16));
        }
        return Hex.encode(Arrays.copyOf(ip, 8)) + "/64";
    }

    /** ::ffff:a.b.c.d, how a dual-stack socket or a proxy may write an IPv4 client. */
    private static boolean isIpv4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }
}
