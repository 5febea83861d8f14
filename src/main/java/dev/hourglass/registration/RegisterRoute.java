package dev.hourglass.registration;

import dev.hourglass.problem.Problem;
import dev.hourglass.problem.ProblemException;
import dev.hourglass.problem.ProblemResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * POST /register, on a plain Vert.x route: the busiest endpoint, served on the event loop (parsing, three HMACs and
 * a cache update are CPU-bound and never block) without the REST layer, whose per-request context, response builder
 * and entity writer cost more than the registration itself. Its contract is META-INF/openapi.yaml, checked against
 * real answers by the tests.
 * <p>
 * In order: other methods get 405 with Allow; a body that is not application/json gets 415 before it is read; the
 * body is read up to the configured cap (413 past it, with or without a Content-Length); then it is registered.
 */
@Singleton
public class RegisterRoute {

    static final String PATH = "/register";

    private static final Logger LOG = Logger.getLogger(RegisterRoute.class);
    private static final String JSON = "application/json";
    private static final CharSequence JSON_HEADER = HttpHeaders.createOptimized(JSON);

    private final RegisterRequestParser parser;
    private final RegistrationService registrations;
    private final int maxBodyBytes;

    RegisterRoute(RegisterRequestParser parser, RegistrationService registrations, RegistrationConfig config) {
        this.parser = parser;
        this.registrations = registrations;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void install(@Observes Router router) {
        router.route(PATH).order(-100).handler(this::methodAndMediaType);
        router.post(PATH).order(-99)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .failureHandler(this::tooLarge);
        router.post(PATH).order(-98)
                .handler(this::register)
                .failureHandler(this::failed);
    }

    private void methodAndMediaType(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            context.response().putHeader(HttpHeaders.ALLOW, "POST");
            ProblemResponses.send(context, Problem.of(405, "method-not-allowed", "Method Not Allowed", "use POST"));
        } else if (!isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ProblemResponses.send(context, Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "the body must be application/json"));
        } else {
            context.next();
        }
    }

    /** application/json, in any case, with or without parameters such as a charset. */
    static boolean isJson(String contentType) {
        if (contentType == null || !contentType.regionMatches(true, 0, JSON, 0, JSON.length())) {
            return false;
        }
        for (int i = JSON.length(); i < contentType.length(); i++) {
            char c = contentType.charAt(i);
            if (c == ';') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private void register(RoutingContext context) {
        try {
            Buffer body = context.body().buffer();
            RegisterCommand command = parser.parse(body == null ? null : body.getBytes());
            RegistrationStore.Outcome outcome = registrations.register(command);
            if (outcome instanceof RegistrationStore.Registered registered) {
                context.response()
                        .setStatusCode(202)
                        .putHeader(HttpHeaders.CONTENT_TYPE, JSON_HEADER)
                        .end(Buffer.buffer(RegisterResponse.json(registered.registration())));
            } else if (outcome instanceof RegistrationStore.Conflict) {
                ProblemResponses.send(context, Problem.of(409, "public-key-conflict", "Conflict",
                        "this user id is registered in this unit with a public key; a new registration must carry the same key"));
            } else {
                ProblemResponses.send(context, new ProblemException(Problem.of(503, "registrations-full", "Service Unavailable",
                        "the server holds as many registrations as it is configured for; try again later"), "60"));
            }
        } catch (ProblemException e) {
            ProblemResponses.send(context, e);
        }
    }

    private void tooLarge(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().ended()) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.send(context, Problem.of(413, "body-too-large", "Content Too Large",
                "the body must not exceed " + maxBodyBytes + " bytes"));
    }

    /** A bug, not a client error: logged by type only, never by message, which could quote the request. */
    private void failed(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        Throwable failure = context.failure();
        LOG.errorf("unexpected %s while registering", failure == null ? "status " + context.statusCode() : failure.getClass().getName());
        ProblemResponses.send(context, Problem.of(500, "internal", "Internal Server Error", "the server failed; nothing was changed"));
    }
}
