package dev.hourglass.crypto;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The server's own Ed25519 identity, with which it proves to a client that it reached this server. */
@ConfigMapping(prefix = "hourglass.identity")
public interface IdentityConfig {

    /**
     * The private key's 32-byte seed, base64url or base64. Unset: a key is made at start, so the identity changes
     * with every restart and a client that pinned it will notice; set it (the same on every instance) to keep one.
     */
    Optional<String> key();
}
