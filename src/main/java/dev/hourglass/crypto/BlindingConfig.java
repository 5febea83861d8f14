package dev.hourglass.crypto;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

@ConfigMapping(prefix = "hourglass.blinding")
public interface BlindingConfig {

    /**
     * 32 bytes, base64, shared by every instance of a cluster so they blind identifiers alike.
     * Unset: a fresh random key at every start, which is what a single instance wants (restart = clean slate).
     */
    Optional<String> key();
}
