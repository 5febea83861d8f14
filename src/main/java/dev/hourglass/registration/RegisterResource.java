package dev.hourglass.registration;

import dev.hourglass.problem.Problem;
import dev.hourglass.problem.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/register")
public class RegisterResource {

    private final RegisterRequestParser parser;
    private final RegistrationService registrations;

    RegisterResource(RegisterRequestParser parser, RegistrationService registrations) {
        this.parser = parser;
        this.registrations = registrations;
    }

    /** Parsing, three HMACs and a cache update: CPU-bound and never blocking, so it runs on the event loop. */
    @POST
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Register this unit's ephemeral user id and contact keys")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RegisterRequest.class)))
    @APIResponse(responseCode = "202", description = "Registered until expiresAt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisterResponse.class)))
    @APIResponse(responseCode = "400", description = "A field breaks a rule; the problem names it", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "405", description = "Only POST; see the Allow header", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The user id is registered with another public key", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than the configured cap", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "At the cap of live registrations; see Retry-After", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Context RoutingContext context) {
        // RegisterRouteGuard has read the whole body (within its cap); reading it again through the REST layer
        // on the event loop would race the already consumed request.
        Buffer body = context.body().buffer();
        RegisterCommand command = parser.parse(body == null ? null : body.getBytes());
        RegistrationStore.Outcome outcome = registrations.register(command);
        if (outcome instanceof RegistrationStore.Registered registered) {
            return Response.accepted(RegisterResponse.json(registered.registration())).type(MediaType.APPLICATION_JSON).build();
        }
        if (outcome instanceof RegistrationStore.Conflict) {
            throw new ProblemException(Problem.of(409, "public-key-conflict", "Conflict",
                    "this user id is registered in this unit with a public key; a new registration must carry the same key"));
        }
        throw new ProblemException(Problem.of(503, "registrations-full", "Service Unavailable",
                "the server holds as many registrations as it is configured for; try again later"), "60");
    }
}
