package dev.hourglass.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code field} names the offending request field, {@code accepted} lists the
 * values that would have been accepted where that helps the client (hourId).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String field,
        List<Long> accepted) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:hourglass:problem:";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, null);
    }

    public static Problem invalidField(String field, String detail) {
        return new Problem(TYPE_PREFIX + "invalid-field", "Invalid request field", 400, detail, field, null);
    }

    public Problem withAccepted(List<Long> values) {
        return new Problem(type, title, status, detail, field, values);
    }
}
