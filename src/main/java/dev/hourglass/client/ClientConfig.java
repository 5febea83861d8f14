package dev.hourglass.client;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** What the browser client needs from the operator: ICE servers. None by default: a LAN or loopback needs none. */
@ConfigMapping(prefix = "hourglass.client")
public interface ClientConfig {

    /** STUN/TURN URLs, for example stun:stun.example.org:3478,turn:turn.example.org:3478?transport=udp. */
    Optional<List<String>> iceServers();

    /** Username for the turn: and turns: URLs. */
    Optional<String> turnUsername();

    /** Credential for the turn: and turns: URLs. */
    Optional<String> turnCredential();
}
