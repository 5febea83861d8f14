package dev.hourglass.registration;

import dev.hourglass.problem.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

/**
 * Guards /register at the HTTP layer, before the REST layer: reads the body up to the configured cap
 * (413 past it, whether the client sent a Content-Length or a chunked body) and answers other methods
 * with 405 and an Allow header. The REST layer then takes the buffered body.
 */
@Singleton
public class RegisterRouteGuard {

    private static final String PATH = "/register";

    private final int maxBodyBytes;

    RegisterRouteGuard(RegistrationConfig config) {
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void install(@Observes Router router) {
        router.post(PATH)
                .order(-100)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .failureHandler(this::tooLarge);
        router.route(PATH)
                .order(-99)
                .handler(context -> {
                    if (context.request().method() == HttpMethod.POST) {
                        context.next();
                        return;
                    }
                    context.response().putHeader("Allow", "POST");
                    send(context, Problem.of(405, "method-not-allowed", "Method Not Allowed", "use POST"));
                });
    }

    private void tooLarge(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().ended()) {
            context.next();
            return;
        }
        context.response().putHeader("Connection", "close");
        send(context, Problem.of(413, "body-too-large", "Content Too Large", "the body must not exceed " + maxBodyBytes + " bytes"));
    }

    private static void send(RoutingContext context, Problem problem) {
        context.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
