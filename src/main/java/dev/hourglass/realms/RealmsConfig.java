package dev.hourglass.realms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Realms on /ws: invite-only groups of Ed25519 identities. */
@ConfigMapping(prefix = "hourglass.realms")
public interface RealmsConfig {

    /** A connection that asked for a realm challenge and is in no realm this long after is closed with 4003. */
    @WithDefault("PT3S")
    Duration authDeadline();

    /** Realms one connection may be in at once. */
    @WithDefault("8")
    int maxRealmsPerConnection();

    /** Connections online in one realm, counted over every instance. */
    @WithDefault("64")
    int maxMembersPerRealm();

    /** Identities a realm's record keeps (the "known identities" told to a member at authentication). */
    @WithDefault("256")
    int maxIdentitiesPerRealm();

    /** Invitations one member may have outstanding in a realm. */
    @WithDefault("16")
    int maxInvitationsPerMember();

    /** The longest an invitation stays redeemable; a client may ask for less. */
    @WithDefault("P7D")
    Duration maxInvitationLifetime();

    /** Admissions from the founder down to a member: the longest chain of invitations the server checks. */
    @WithDefault("16")
    int maxChainLength();

    /** A realm's record (known identities, outstanding invitations) is dropped after this long without a member authenticating. */
    @WithDefault("P30D")
    Duration idleExpiry();

    /** Realms with a record on this instance (memory mode) and realms with a member online here. */
    @WithDefault("50000")
    int maxRealms();
}
