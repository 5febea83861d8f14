package dev.hourglass.health;

import dev.hourglass.registration.RegistrationService;
import dev.hourglass.signaling.Sessions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plain uptime check with the two counts an operator watches. Counts only: nothing about who. */
@Path("/health")
public class HealthResource {

    @RegisterForReflection
    @Schema(name = "Health")
    public record Health(@Schema(required = true) String status, @Schema(required = true) int sessions,
            @Schema(required = true) long registrations) {
    }

    private final Sessions sessions;
    private final RegistrationService registrations;

    HealthResource(Sessions sessions, RegistrationService registrations) {
        this.sessions = sessions;
        this.registrations = registrations;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Uptime check: open WebSocket connections and live registrations")
    public Health health() {
        return new Health("ok", sessions.count(), registrations.liveRegistrations());
    }
}
