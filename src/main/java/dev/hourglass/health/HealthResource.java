package dev.hourglass.health;

import dev.hourglass.contacts.ContactRouting;
import dev.hourglass.relay.RelayEndpoint;
import dev.hourglass.realms.RealmRouting;
import dev.hourglass.yjs.YjsEndpoint;
import dev.hourglass.registration.RegistrationService;
import dev.hourglass.rooms.RoomRelay;
import dev.hourglass.transport.Connections;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import java.util.concurrent.CompletionStage;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A plain uptime check with the counts an operator watches: this instance's open connections, rooms and listened
 * contact keys, relay rooms and y-webrtc topics, and the live registrations of the store (the cluster's, in the Redis mode; -1 while it cannot be
 * reached). Counts only.
 */
@Path("/health")
public class HealthResource {

    @RegisterForReflection
    @Schema(name = "Health")
    public record Health(@Schema(required = true) String status, @Schema(required = true) int sessions,
            @Schema(required = true) long registrations, @Schema(required = true) int rooms, @Schema(required = true) int contactKeys,
            @Schema(required = true) int relayRooms, @Schema(required = true) int yjsTopics, @Schema(required = true) int realms) {
    }

    private final Connections connections;
    private final RegistrationService registrations;
    private final RoomRelay rooms;
    private final ContactRouting contacts;
    private final RelayEndpoint relay;
    private final YjsEndpoint yjs;
    private final RealmRouting realms;

    HealthResource(Connections connections, RegistrationService registrations, RoomRelay rooms, ContactRouting contacts,
            RelayEndpoint relay, YjsEndpoint yjs, RealmRouting realms) {
        this.connections = connections;
        this.registrations = registrations;
        this.rooms = rooms;
        this.contacts = contacts;
        this.relay = relay;
        this.yjs = yjs;
        this.realms = realms;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Uptime check: open WebSocket connections, rooms, contact keys, relay rooms, y-webrtc topics and realms here, live registrations")
    public CompletionStage<Health> health() {
        int open = connections.count();
        int roomsHere = rooms.rooms();
        int keysHere = contacts.listenedKeys();
        int relayRoomsHere = relay.rooms();
        int topicsHere = yjs.topics();
        int realmsHere = realms.realms();
        return registrations.liveRegistrations().otherwise(-1L)
                .map(live -> new Health("ok", open, live, roomsHere, keysHere, relayRoomsHere, topicsHere, realmsHere))
                .toCompletionStage();
    }
}
