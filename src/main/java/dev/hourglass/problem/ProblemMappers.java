package dev.hourglass.problem;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the HTTP API leaves as application/problem+json. Messages of framework exceptions are not
 * copied into the response or the log: they can quote what the client sent.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        Response.ResponseBuilder builder = Response.status(405).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(405, "method-not-allowed", "Method Not Allowed",
                        "this resource does not support that method; see the Allow header"));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return response(Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                "the body must be application/json"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        return response(Problem.of(status, "http-" + status, title, title.toLowerCase()));
    }

    /** The last line of defence: a bug, not a client error. Logged by type only, never by message. */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf("unexpected %s while serving a request", e.getClass().getName());
        return response(Problem.of(500, "internal", "Internal Server Error", "the server failed; nothing was changed"));
    }
}
