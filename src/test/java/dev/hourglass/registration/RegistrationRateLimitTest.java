package dev.hourglass.registration;

import dev.hourglass.crypto.Hex;
import dev.hourglass.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.hourglass.registration.RegisterRouteTest.body;
import static dev.hourglass.registration.RegisterRouteTest.post;
import static io.restassured.RestAssured.given;
import static dev.hourglass.support.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** One address past its registration rate gets 429 with Retry-After, and its request changes nothing. */
@QuarkusTest
@TestProfile(RegistrationRateLimitTest.ThreeAtOnce.class)
class RegistrationRateLimitTest {

    public static class ThreeAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.registration.rate-limit", "1", "hourglass.registration.rate-burst", "3");
        }
    }

    @Inject
    RegistrationService registrations;

    @Test
    void pastItsBurstAnAddressGets429WithRetryAfterAndNothingIsRegistered() {
        long hour = Ids.currentHour();
        for (int i = 0; i < 3; i++) {
            post(body(List.of(Ids.id()), Ids.id(), hour)).statusCode(202);
        }
        String refused = Ids.id();
        post(body(List.of(Ids.id()), refused, hour))
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("status", equalTo(429));
        assertThat(await(registrations.find(hour, Hex.decodeId(refused)))).isEmpty();
        given().get("/config").then().statusCode(200); // other endpoints are not limited by it
    }
}
