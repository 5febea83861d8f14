package dev.hourglass.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hourglass.crypto.ServerIdentity;
import dev.hourglass.time.TimeUnits;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;

/** The few settings a client reads before it starts: the unit its ids rotate with, the ICE servers, the server's key. */
@Path("/config")
public class ClientConfigResource {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "IceServer")
    public record IceServer(@Schema(required = true) List<String> urls, String username, String credential) {
    }

    @RegisterForReflection
    @Schema(name = "ClientSettings")
    public record ClientSettings(@Schema(required = true, description = "length of the id rotation unit") long unitSeconds,
            @Schema(required = true) List<IceServer> iceServers,
            @Schema(required = true, description = "the server's Ed25519 public key (32 bytes, base64url), which signs server-proof") String identityKey) {
    }

    private final ClientSettings settings;

    ClientConfigResource(ClientConfig config, TimeUnits units, ServerIdentity identity) {
        List<String> urls = config.iceServers().orElse(List.of());
        List<IceServer> servers = new ArrayList<>();
        List<String> plain = urls.stream().filter(url -> !url.startsWith("turn")).toList();
        List<String> relays = urls.stream().filter(url -> url.startsWith("turn")).toList();
        if (!plain.isEmpty()) {
            servers.add(new IceServer(plain, null, null));
        }
        if (!relays.isEmpty()) {
            servers.add(new IceServer(relays, config.turnUsername().orElse(null), config.turnCredential().orElse(null)));
        }
        this.settings = new ClientSettings(units.unitSeconds(), List.copyOf(servers), identity.publicKey());
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Client settings: the id rotation unit, the ICE servers to use and the server's identity key")
    public ClientSettings settings() {
        return settings;
    }
}
