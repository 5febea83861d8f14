package dev.hourglass.registration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "hourglass.registration")
public interface RegistrationConfig {

    /** Most distinct contact keys in one registration. */
    @WithDefault("256")
    int maxContactKeys();

    /** Live registrations past which POST /register answers 503 instead of growing. */
    @WithDefault("100000")
    int maxRegistrations();

    /** Users remembered per contact key and unit; the oldest goes first. Two contacts need two. */
    @WithDefault("8")
    int maxHoldersPerKey();

    /** Largest accepted POST /register body, in bytes (413 past it). */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Sustained POST /register requests per second from one client address (429 past it). */
    @WithDefault("20")
    int rateLimit();

    /** Requests one address may send at once above that rate: room for the many users of one NAT at a unit's start. */
    @WithDefault("100")
    int rateBurst();
}
