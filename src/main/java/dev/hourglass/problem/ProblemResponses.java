package dev.hourglass.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Problems answered from plain Vert.x routes, which the REST layer's exception mappers do not reach. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static void send(RoutingContext context, ProblemException e) {
        if (e.retryAfterSeconds() != null) {
            context.response().putHeader(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        send(context, e.problem());
    }

    public static void send(RoutingContext context, Problem problem) {
        ProblemCounts.count(problem);
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
