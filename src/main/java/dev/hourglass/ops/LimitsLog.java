package dev.hourglass.ops;

import dev.hourglass.contacts.ContactsConfig;
import dev.hourglass.crypto.IdentityConfig;
import dev.hourglass.json.JsonConfig;
import dev.hourglass.realms.RealmsConfig;
import dev.hourglass.registration.RegistrationConfig;
import dev.hourglass.relay.RelayConfig;
import dev.hourglass.rooms.RoomsConfig;
import dev.hourglass.transport.TransportConfig;
import dev.hourglass.yjs.YjsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** At start, the effective limits in one line: what an operator checks first, and nothing a client sent. */
@Singleton
class LimitsLog {

    private static final Logger LOG = Logger.getLogger(LimitsLog.class);

    private final String line;

    LimitsLog(TransportConfig ws, RoomsConfig rooms, ContactsConfig contacts, RegistrationConfig registration, RelayConfig relay,
            YjsConfig yjs, RealmsConfig realms, IdentityConfig identity, JsonConfig json, ShutdownConfig shutdown) {
        this.line = "limits: ws.max-connections=" + ws.maxConnections()
                + " ws.max-connections-per-address=" + ws.maxConnectionsPerAddress()
                + " ws.connection-rate=" + ws.connectionRate() + "/s burst " + ws.connectionBurst()
                + " ws.allowed-origins=" + ws.allowedOrigins().map(origins -> Integer.toString(origins.size())).orElse("any")
                + " ws.max-message-bytes=" + ws.maxMessageBytes()
                + " ws.rate-limit=" + ws.rateLimit() + "/s burst " + ws.rateBurst() + " strikes " + ws.rateStrikes()
                + " ws.write-queue-max-bytes=" + ws.writeQueueMaxBytes()
                + " ws.heartbeat-timeout=" + ws.heartbeatTimeout() + " ws.idle-timeout=" + ws.idleTimeout()
                + " ws.max-rooms=" + rooms.maxRooms() + " ws.max-rooms-per-connection=" + rooms.maxRoomsPerConnection()
                + " ws.max-peers-per-room=" + rooms.maxPeersPerRoom() + " ws.max-room-name-length=" + rooms.maxRoomNameLength()
                + " ws.max-peers-per-contact-key=" + contacts.maxPeersPerContactKey()
                + " registration.max-registrations=" + registration.maxRegistrations()
                + " registration.max-contact-keys=" + registration.maxContactKeys()
                + " registration.max-body-bytes=" + registration.maxBodyBytes()
                + " registration.rate-limit=" + registration.rateLimit() + "/s burst " + registration.rateBurst()
                + " relay.max-rooms=" + relay.maxRooms() + " relay.max-peers-per-room=" + relay.maxPeersPerRoom()
                + " relay.max-room-name-length=" + relay.maxRoomNameLength()
                + " yjs.max-topics=" + yjs.maxTopics() + " yjs.max-topics-per-connection=" + yjs.maxTopicsPerConnection()
                + " yjs.max-subscribers-per-topic=" + yjs.maxSubscribersPerTopic() + " yjs.max-topic-length=" + yjs.maxTopicLength()
                + " realms.auth-deadline=" + realms.authDeadline() + " realms.max-realms=" + realms.maxRealms()
                + " realms.max-realms-per-connection=" + realms.maxRealmsPerConnection()
                + " realms.max-members-per-realm=" + realms.maxMembersPerRealm()
                + " realms.max-identities-per-realm=" + realms.maxIdentitiesPerRealm()
                + " realms.max-invitations-per-member=" + realms.maxInvitationsPerMember()
                + " realms.max-invitation-lifetime=" + realms.maxInvitationLifetime() + " realms.max-chain-length=" + realms.maxChainLength()
                + " realms.idle-expiry=" + realms.idleExpiry()
                + " identity.key=" + (identity.key().isPresent() ? "configured" : "made-at-start")
                + " json.max-depth=" + json.maxDepth() + " json.max-string-length=" + json.maxStringLength()
                + " json.max-number-length=" + json.maxNumberLength()
                + " shutdown.drain=" + shutdown.drain();
    }

    void log(@Observes StartupEvent event) {
        LOG.info(line);
    }
}
