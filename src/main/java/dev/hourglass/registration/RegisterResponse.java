package dev.hourglass.registration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The 202 answer of POST /register (schema RegisterResponse in META-INF/openapi.yaml). */
final class RegisterResponse {

    private RegisterResponse() {
    }

    /** The last unit's expiry as text: every registration of a unit expires at the same instant. */
    private record FormattedExpiry(Instant instant, String text) {
    }

    private static volatile FormattedExpiry lastExpiry = new FormattedExpiry(Instant.EPOCH, Instant.EPOCH.toString());

    /**
     * The answer as JSON bytes, written by hand: two numbers and an ISO-8601 instant need no escaping, and this
     * spares the hottest endpoint a serialiser lookup and a date formatting per request.
     */
    static byte[] json(Registration registration) {
        return ("{\"hourId\":" + registration.unit()
                + ",\"expiresAt\":\"" + expiresAt(registration.expiresAt())
                + "\",\"contactKeys\":" + registration.contactKeys().size() + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static String expiresAt(Instant instant) {
        FormattedExpiry last = lastExpiry;
        if (!last.instant().equals(instant)) {
            last = new FormattedExpiry(instant, instant.truncatedTo(ChronoUnit.SECONDS).toString());
            lastExpiry = last;
        }
        return last.text();
    }
}
