package dev.hourglass.registration;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@RegisterForReflection
@Schema(name = "RegisterResponse")
public record RegisterResponse(
        @Schema(required = true, description = "canonical unit index") long hourId,
        @Schema(required = true, description = "when this registration is forgotten: the end of the next unit") String expiresAt,
        @Schema(required = true, description = "distinct contact keys registered") int contactKeys) {
}
