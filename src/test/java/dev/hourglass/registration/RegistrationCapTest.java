package dev.hourglass.registration;

import dev.hourglass.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.hourglass.registration.RegisterRouteTest.body;
import static dev.hourglass.registration.RegisterRouteTest.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(RegistrationCapTest.TwoRegistrations.class)
class RegistrationCapTest {

    public static class TwoRegistrations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.registration.max-registrations", "2");
        }
    }

    @Test
    void pastTheCapRegisterAnswers503WithRetryAfter() {
        long hour = Ids.currentHour();
        String existing = Ids.id();
        post(body(List.of(Ids.id()), existing, hour)).statusCode(202);
        post(body(List.of(Ids.id()), Ids.id(), hour)).statusCode(202);

        post(body(List.of(Ids.id()), Ids.id(), hour))
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json")
                .body("status", equalTo(503));
        post(body(List.of(Ids.id()), existing, hour)).statusCode(202);
    }
}
