package dev.hourglass.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of POST /register, in the original client's format. Used to describe the contract; the body
 * itself is read by {@link RegisterRequestParser}, which names the offending field on every error.
 */
@Schema(name = "RegisterRequest")
public record RegisterRequest(
        @Schema(required = true, minItems = 1, maxItems = 256,
                description = "HMAC-SHA256 outputs, 64 lowercase hex characters each; duplicates collapse")
        List<String> ephemeralContactKeysList,
        @Schema(required = true, pattern = "^[0-9a-f]{64}$") String tempEphemeralUserId,
        @Schema(required = true, description = "floor(unix seconds / unit seconds) of the current or previous unit, "
                + "or that unit's start in epoch seconds") Long hourId,
        @Schema(description = "optional Ed25519 public key, base64url, 32 bytes") String publicKey) {
}
