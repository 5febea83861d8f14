package dev.hourglass.registration;

import dev.hourglass.net.AddressRate;
import dev.hourglass.net.ClientAddress;
import dev.hourglass.problem.Problem;
import dev.hourglass.problem.ProblemException;
import dev.hourglass.problem.ProblemResponses;
import dev.hourglass.transport.Buffers;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.LongAdder;

/**
 * POST /register, on a plain Vert.x route: the busiest endpoint, served on the event loop (parsing, three HMACs and
 * a cache update are CPU-bound and never block) without the REST layer, whose per-request context, response builder
 * and entity writer cost more than the registration itself. Its contract is META-INF/openapi.yaml, checked against
 * real answers by the tests.
 * <p>
 * In order: other methods get 405 with Allow; a body that is not application/json gets 415 before it is read; an
 * address over its rate gets 429 ({@link AddressRate}); the body is read up to the configured cap
 * ({@link BoundedBody}: 413 past it, with or without a Content-Length); then it is registered.
 */
@Singleton
public class RegisterRoute implements BoundedBody.Receiver {

    static final String PATH = "/register";

    private static final Logger LOG = Logger.getLogger(RegisterRoute.class);
    private static final String JSON = "application/json";
    private static final CharSequence JSON_HEADER = HttpHeaders.createOptimized(JSON);

    private final RegisterRequestParser parser;
    private final RegistrationService registrations;
    private final AddressRate rate;
    private final int maxBodyBytes;
    private final LongAdder registered = new LongAdder();

    RegisterRoute(RegisterRequestParser parser, RegistrationService registrations, RegistrationConfig config) {
        this.parser = parser;
        this.rate = new AddressRate(config.rateLimit(), config.rateBurst(), "hourglass.registration.rate-limit and rate-burst");
        this.registrations = registrations;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    void install(@Observes Router router) {
        router.route(PATH).order(-100)
                .handler(this::handle)
                .failureHandler(this::failed);
    }

    private void handle(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            context.response().putHeader(HttpHeaders.ALLOW, "POST");
            ProblemResponses.send(context, Problem.of(405, "method-not-allowed", "Method Not Allowed", "use POST"));
        } else if (!isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ProblemResponses.send(context, Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "the body must be application/json"));
        } else if (withinRate(context)) {
            BoundedBody.read(context, maxBodyBytes, this);
        }
    }

    /**
     * Takes the client address's allowance, or answers 429 with the seconds until the next one. The body is not read:
     * the connection is closed after the answer.
     */
    private boolean withinRate(RoutingContext context) {
        long waitNanos = rate.acquire(ClientAddress.of(context.request()));
        if (waitNanos == 0) {
            return true;
        }
        String seconds = AddressRate.retryAfterSeconds(waitNanos);
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.send(context, new ProblemException(Problem.of(429, "too-many-registrations", "Too Many Requests",
                "this address sends registrations faster than the server allows; try again later"), seconds));
        return false;
    }

    /** Registrations accepted (202) so far; the refusals are counted by their problem type. */
    public long registered() {
        return registered.sum();
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

    @Override
    public void body(RoutingContext context, Buffer body) {
        try {
            RegisterCommand command = body == null ? parser.parse(null, 0, 0) : parse(body);
            registrations.register(command).onComplete(outcome -> {
                if (outcome.succeeded()) {
                    answer(context, outcome.result());
                } else {
                    // The store failed (Redis lost mid-request): the client retries, as for an unreachable store.
                    LOG.debugf("registration store failed: %s", outcome.cause().getClass().getName());
                    answer(context, new RegistrationStore.Unavailable());
                }
            });
        } catch (ProblemException e) {
            ProblemResponses.send(context, e);
        } catch (RuntimeException e) {
            // Called from the request's end handler, outside the router: hand a bug to the route's failure handler.
            context.fail(e);
        }
    }

    private void answer(RoutingContext context, RegistrationStore.Outcome outcome) {
        if (outcome instanceof RegistrationStore.Registered accepted) {
            registered.increment();
            context.response()
                    .setStatusCode(202)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON_HEADER)
                    .end(Buffer.buffer(RegisterResponse.json(accepted.registration())));
        } else if (outcome instanceof RegistrationStore.Conflict) {
            ProblemResponses.send(context, Problem.of(409, "public-key-conflict", "Conflict",
                    "this user id is registered in this unit with a public key; a new registration must carry the same key"));
        } else if (outcome instanceof RegistrationStore.Full) {
            ProblemResponses.send(context, new ProblemException(Problem.of(503, "registrations-full", "Service Unavailable",
                    "the server holds as many registrations as it is configured for; try again later"), "60"));
        } else {
            ProblemResponses.send(context, new ProblemException(Problem.of(503, "registrations-unavailable", "Service Unavailable",
                    "the registration store cannot be reached; nothing was registered, try again shortly"), "5"));
        }
    }

    /** Parses straight from the chunk's own array where it has one (Vert.x's heap buffers do): no copy of the body. */
    private RegisterCommand parse(Buffer body) {
        ByteBuf bytes = Buffers.readable(body);
        if (bytes.hasArray()) {
            return parser.parse(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        byte[] copy = body.getBytes();
        return parser.parse(copy, 0, copy.length);
    }

    /** The rest of the body is not read: the connection cannot carry another request and is closed after the answer. */
    @Override
    public void tooLarge(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.send(context, Problem.of(413, "body-too-large", "Content Too Large",
                "the body must not exceed " + maxBodyBytes + " bytes"));
    }

    @Override
    public void unmetExpectation(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.send(context, Problem.of(417, "expectation-failed", "Expectation Failed",
                "the only expectation this server meets is 100-continue"));
    }

    @Override
    public void unreadable(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.send(context, Problem.of(400, "unreadable-body", "Bad Request",
                "the body could not be read: its transfer encoding is malformed"));
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
