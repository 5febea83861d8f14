package dev.hourglass.health;

import dev.hourglass.registration.RegistrationService;
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
 * A plain uptime check with the two counts an operator watches: this instance's open connections, and the live
 * registrations of the store (the cluster's, in the Redis mode; -1 while it cannot be reached). Counts only.
 */
@Path("/health")
public class HealthResource {

    @RegisterForReflection
    @Schema(name = "Health")
    public record Health(@Schema(required = true) String status, @Schema(required = true) int sessions,
            @Schema(required = true) long registrations) {
    }

    private final Connections connections;
    private final RegistrationService registrations;

    HealthResource(Connections connections, RegistrationService registrations) {
        this.connections = connections;
        this.registrations = registrations;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Uptime check: open WebSocket connections and live registrations")
    public CompletionStage<Health> health() {
        int open = connections.count();
        return registrations.liveRegistrations().otherwise(-1L).map(live -> new Health("ok", open, live)).toCompletionStage();
    }
}
