package dev.hourglass;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Starts the server; with the single argument {@code healthcheck} it instead asks a running server on this host
 * whether it is ready and exits 0 or 1. Container images use that as their health check, so even an image with
 * no shell and no curl (the native micro image) has one.
 */
@QuarkusMain
public final class HourglassMain {

    private HourglassMain() {
    }

    public static void main(String... args) {
        if (args.length == 1 && args[0].equals("healthcheck")) {
            System.exit(healthCheck() ? 0 : 1);
        }
        Quarkus.run(args);
    }

    private static boolean healthCheck() {
        String port = System.getenv().getOrDefault("QUARKUS_HTTP_PORT", "8080");
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
