package dev.hourglass.registration;

import dev.hourglass.crypto.Hex;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.Ids;
import dev.hourglass.support.LogCapture;
import dev.hourglass.support.OpenApiContract;
import dev.hourglass.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static dev.hourglass.support.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class RegisterRouteTest {

    @Inject
    RegistrationService registrations;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    static String body(List<String> contactKeys, String userId, Object hourId) {
        return "{\"ephemeralContactKeysList\":[" + String.join(",", contactKeys.stream().map(k -> "\"" + k + "\"").toList())
                + "],\"tempEphemeralUserId\":\"" + userId + "\",\"hourId\":" + hourId + "}";
    }

    /** Posts a body and checks the answer, whatever it is, against the contract in openapi/openapi.yaml. */
    static ValidatableResponse post(String body) {
        return OpenApiContract.assertConforms("POST", "/register",
                given().contentType(ContentType.JSON).body(body).when().post("/register")).then();
    }

    @Test
    void theOriginalClientsRequestIsAcceptedAndStored() {
        String user = Ids.id();
        String key1 = Ids.id();
        String key2 = Ids.id();
        long hour = Ids.currentHour();

        post(body(List.of(key1, key2, key1), user, hour))
                .statusCode(202)
                .contentType(ContentType.JSON)
                .body("hourId", equalTo((int) hour))
                .body("contactKeys", equalTo(2))
                .body("expiresAt", equalTo(Instant.ofEpochSecond((hour + 2) * 3600).toString()));

        Registration stored = await(registrations.find(hour, Hex.decodeId(user))).orElseThrow();
        assertThat(stored.contactKeys()).hasSize(2)
                .containsExactlyInAnyOrder(registrations.blindContactKey(hour, Hex.decodeId(key1)),
                        registrations.blindContactKey(hour, Hex.decodeId(key2)));
        assertThat(await(registrations.holders(hour, Hex.decodeId(key1)))).containsExactly(stored.user());
        assertThat(await(registrations.find(hour + 1, Hex.decodeId(user)))).as("blinded per unit").isEmpty();
    }

    @Test
    void aFullRegistrationOf256KeysIsAccepted() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            keys.add(Ids.id());
        }
        String user = Ids.id();
        long hour = Ids.currentHour();
        post(body(keys, user, hour)).statusCode(202).body("contactKeys", equalTo(256)); // a body of about 17 KB
        assertThat(await(registrations.find(hour, Hex.decodeId(user))).orElseThrow().contactKeys()).hasSize(256);
    }

    @Test
    void theUnitStartInEpochSecondsIsAcceptedAndAnsweredWithTheIndex() {
        long hour = Ids.currentHour();
        post(body(List.of(Ids.id()), Ids.id(), hour * 3600)).statusCode(202).body("hourId", equalTo((int) hour));
        post(body(List.of(Ids.id()), Ids.id(), (hour - 1) * 3600)).statusCode(202).body("hourId", equalTo((int) hour - 1));
    }

    @Test
    void thePreviousUnitIsAcceptedTheOneBeforeAndTheNextAreNot() {
        long hour = Ids.currentHour();
        post(body(List.of(Ids.id()), Ids.id(), hour - 1)).statusCode(202).body("hourId", equalTo((int) hour - 1));
        for (long wrong : new long[] {hour - 2, hour + 1, hour * 3600 + 1, 0}) {
            post(body(List.of(Ids.id()), Ids.id(), wrong))
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("hourId"))
                    .body("accepted", hasItems((int) hour, (int) hour - 1))
                    .body("detail", containsString(String.valueOf(hour)));
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badBodies() {
        String k = Ids.id();
        String u = Ids.id();
        long h = Ids.currentHour();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            tooMany.add(Ids.id());
        }
        return Stream.of(
                args("{\"ephemeralContactKeysList\":[", "body"),
                args("[]", "body"),
                args("null", "body"),
                args("[1,", "body"),
                args("{}", "ephemeralContactKeysList"),
                args("{\"ephemeralContactKeysList\":null,\"tempEphemeralUserId\":\"" + u + "\",\"hourId\":" + h + "}",
                        "ephemeralContactKeysList"),
                args("{\"ephemeralContactKeysList\":[\"" + k + "\",[\"" + k + "\"]],\"tempEphemeralUserId\":\"" + u
                        + "\",\"hourId\":" + h + "}", "ephemeralContactKeysList[1]"),
                args("\"text\"", "body"),
                args("{\"tempEphemeralUserId\":\"" + u + "\",\"hourId\":" + h + "}", "ephemeralContactKeysList"),
                args("{\"ephemeralContactKeysList\":\"" + k + "\",\"tempEphemeralUserId\":\"" + u + "\",\"hourId\":" + h + "}",
                        "ephemeralContactKeysList"),
                args(body(List.of(), u, h), "ephemeralContactKeysList"),
                args(body(tooMany, u, h), "ephemeralContactKeysList"),
                args("{\"ephemeralContactKeysList\":[5],\"tempEphemeralUserId\":\"" + u + "\",\"hourId\":" + h + "}",
                        "ephemeralContactKeysList[0]"),
                args(body(List.of(k, k.toUpperCase()), u, h), "ephemeralContactKeysList[1]"),
                args(body(List.of(k.substring(1)), u, h), "ephemeralContactKeysList[0]"),
                args(body(List.of(k + "0"), u, h), "ephemeralContactKeysList[0]"),
                args(body(List.of("g" + k.substring(1)), u, h), "ephemeralContactKeysList[0]"),
                args("{\"ephemeralContactKeysList\":[\"" + k + "\"],\"hourId\":" + h + "}", "tempEphemeralUserId"),
                args(body(List.of(k), u.toUpperCase(), h), "tempEphemeralUserId"),
                args(body(List.of(k), u.substring(2), h), "tempEphemeralUserId"),
                args("{\"ephemeralContactKeysList\":[\"" + k + "\"],\"tempEphemeralUserId\":42,\"hourId\":" + h + "}",
                        "tempEphemeralUserId"),
                args("{\"ephemeralContactKeysList\":[\"" + k + "\"],\"tempEphemeralUserId\":\"" + u + "\"}", "hourId"),
                args(body(List.of(k), u, "\"" + h + "\""), "hourId"),
                args(body(List.of(k), u, h + ".5"), "hourId"),
                args(body(List.of(k), u, "99999999999999999999999"), "hourId"),
                args(body(List.of(k), u, h).replace("}", ",\"publicKey\":\"not a key\"}"), "publicKey"),
                args(body(List.of(k), u, h).replace("}", ",\"publicKey\":\"AAAA\"}"), "publicKey"),
                args(body(List.of(k), u, h).replace("}", ",\"publicKey\":12}"), "publicKey"),
                args(body(List.of(k), u, h).replace("}", ",\"hourId\":" + h + "}"), "body"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(String body, String field) {
        return org.junit.jupiter.params.provider.Arguments.of(body, field);
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void everyBadBodyIsA400ProblemNamingTheFieldAndChangesNothing(String badBody, String field) {
        long before = await(registrations.liveRegistrations());
        post(badBody)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("field", equalTo(field))
                .body("detail", containsString(field.equals("body") ? "" : field));
        assertThat(await(registrations.liveRegistrations())).isEqualTo(before);
    }

    @Test
    void wrongContentTypeIs415AndWrongMethodIs405() {
        byte[] body = body(List.of(Ids.id()), Ids.id(), Ids.currentHour()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/jsonx", "application/json-patch+json", "multipart/form-data"}) {
            OpenApiContract.assertConforms("POST", "/register", given().contentType(type).body(body).post("/register"))
                    .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        }
        OpenApiContract.assertConforms("POST", "/register", given().body(body).post("/register"))
                .then().statusCode(415); // no Content-Type at all
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            given().request(method, "/register").then()
                    .statusCode(405).contentType("application/problem+json").body("status", equalTo(405))
                    .header("Allow", containsString("POST"));
        }
    }

    @Test
    void theMediaTypeMayCarryParametersAndAnyCase() {
        for (String type : new String[] {"application/json; charset=utf-8", "Application/JSON", "application/json ;charset=UTF-8"}) {
            assertThat(given().contentType(type).body(body(List.of(Ids.id()), Ids.id(), Ids.currentHour())).post("/register")
                    .statusCode()).as(type).isEqualTo(202);
        }
    }

    @Test
    void fieldsMayComeInAnyOrderWithUnknownFieldsBetween() {
        String user = Ids.id();
        String key = Ids.id();
        long hour = Ids.currentHour();
        post("{\"future\":{\"nested\":[1,{\"a\":null}]},\"hourId\":" + hour + ",\"publicKey\":null,\"tempEphemeralUserId\":\""
                + user + "\",\"ephemeralContactKeysList\":[\"" + key + "\"],\"more\":[]}")
                .statusCode(202).body("contactKeys", equalTo(1));
        assertThat(await(registrations.holders(hour, Hex.decodeId(key))))
                .containsExactly(await(registrations.find(hour, Hex.decodeId(user))).orElseThrow().user());
    }

    @Test
    void aSyntaxErrorIsReportedBeforeAnyFieldWhereverItIs() {
        long hour = Ids.currentHour();
        // The first field breaks a rule, the body then stops being JSON: the answer is about the body.
        post("{\"ephemeralContactKeysList\":[5],\"tempEphemeralUserId\":\"" + Ids.id() + "\",\"hourId\":" + hour + ",")
                .statusCode(400).body("field", equalTo("body")).body("detail", containsString("not valid JSON"));
        post(body(List.of(Ids.id()), Ids.id(), hour) + " {}")
                .statusCode(400).body("field", equalTo("body")).body("detail", containsString("not valid JSON"));
        post(body(List.of(Ids.id()), Ids.id(), hour) + " x")
                .statusCode(400).body("field", equalTo("body"));
    }

    @Test
    void fieldsAreJudgedInAFixedOrderWhateverTheirOrderInTheBody() {
        long hour = Ids.currentHour();
        // Both the user id and the contact keys are wrong; the contact keys are named first, as in any order.
        post("{\"tempEphemeralUserId\":7,\"hourId\":" + hour + ",\"ephemeralContactKeysList\":[true]}")
                .statusCode(400).body("field", equalTo("ephemeralContactKeysList[0]"));
        post("{\"hourId\":\"now\",\"tempEphemeralUserId\":7,\"ephemeralContactKeysList\":[\"" + Ids.id() + "\"]}")
                .statusCode(400).body("field", equalTo("tempEphemeralUserId"));
        // The first broken element is named, not a later one.
        post(body(List.of(Ids.id(), "x", "y"), Ids.id(), hour)).statusCode(400).body("field", equalTo("ephemeralContactKeysList[1]"));
    }

    @Test
    void duplicateContactKeysCollapseAlsoInALongList() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(Ids.id());
        }
        List<String> withRepeats = new ArrayList<>(keys);
        withRepeats.addAll(keys.subList(0, 20));
        withRepeats.addAll(keys.subList(30, 40));
        String user = Ids.id();
        long hour = Ids.currentHour();
        post(body(withRepeats, user, hour)).statusCode(202).body("contactKeys", equalTo(40));
        assertThat(await(registrations.find(hour, Hex.decodeId(user))).orElseThrow().contactKeys()).hasSize(40);

        List<String> tooManyDistinct = new ArrayList<>(withRepeats);
        for (int i = 0; i < 217; i++) {
            tooManyDistinct.add(Ids.id());
        }
        post(body(tooManyDistinct, Ids.id(), hour)).statusCode(400).body("detail", containsString("it holds 257"));
    }

    @Test
    void aBodyOverTheCapIs413WithOrWithoutContentLength() {
        String huge = "{\"pad\":\"" + "x".repeat(70_000) + "\"}";
        post(huge).statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        given().contentType(ContentType.JSON)
                .body(new java.io.ByteArrayInputStream(huge.getBytes())) // an InputStream goes out chunked
                .post("/register").then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aRegistrationLivesThroughTheNextUnitAndIsGoneAfterIt() {
        Instant start = Instant.ofEpochSecond((Ids.currentHour() + 10) * 3600 + 5);
        TestClock.INSTANCE.set(start);
        long hour = Ids.hourOf(start);
        String user = Ids.id();
        String key = Ids.id();
        post(body(List.of(key), user, hour)).statusCode(202);

        TestClock.INSTANCE.set(start.plus(Duration.ofMinutes(119)));
        assertThat(await(registrations.find(hour, Hex.decodeId(user)))).as("still in unit h+1").isPresent();
        assertThat(await(registrations.holders(hour, Hex.decodeId(key)))).hasSize(1);

        TestClock.INSTANCE.set(Instant.ofEpochSecond((hour + 2) * 3600));
        assertThat(await(registrations.find(hour, Hex.decodeId(user)))).as("gone when unit h+2 starts").isEmpty();
        assertThat(await(registrations.holders(hour, Hex.decodeId(key)))).isEmpty();
    }

    @Test
    void reRegistrationReplacesTheContactKeys() {
        long hour = Ids.currentHour();
        String user = Ids.id();
        String oldKey = Ids.id();
        String newKey = Ids.id();
        post(body(List.of(oldKey), user, hour)).statusCode(202);
        post(body(List.of(newKey), user, hour)).statusCode(202).body("contactKeys", equalTo(1));

        assertThat(await(registrations.holders(hour, Hex.decodeId(oldKey)))).isEmpty();
        assertThat(await(registrations.holders(hour, Hex.decodeId(newKey)))).hasSize(1);
        assertThat(await(registrations.find(hour, Hex.decodeId(user))).orElseThrow().contactKeys())
                .containsExactly(registrations.blindContactKey(hour, Hex.decodeId(newKey)));
    }

    @Test
    void anIdWithAPublicKeyCannotBeTakenOver() {
        long hour = Ids.currentHour();
        String user = Ids.id();
        String key = Ids.id();
        Ed25519TestKey owner = new Ed25519TestKey();
        String owned = body(List.of(key), user, hour).replace("}", ",\"publicKey\":\"" + owner.publicKey() + "\"}");
        post(owned).statusCode(202);

        String intruderKey = Ids.id();
        String other = body(List.of(intruderKey), user, hour).replace("}",
                ",\"publicKey\":\"" + new Ed25519TestKey().publicKey() + "\"}");
        post(other).statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
        post(body(List.of(intruderKey), user, hour)).statusCode(409);
        assertThat(await(registrations.holders(hour, Hex.decodeId(intruderKey)))).as("a refused request changes nothing").isEmpty();

        post(owned.replace(key, intruderKey)).statusCode(202); // the owner may replace its keys
        assertThat(await(registrations.holders(hour, Hex.decodeId(intruderKey)))).hasSize(1);
    }

    @Test
    void nothingOfARequestBodyIsLogged() {
        String user = Ids.id();
        String key = Ids.id();
        String publicKey = new Ed25519TestKey().publicKey();
        try (LogCapture logs = LogCapture.start()) {
            long hour = Ids.currentHour();
            post(body(List.of(key), user, hour).replace("}", ",\"publicKey\":\"" + publicKey + "\"}")).statusCode(202);
            post(body(List.of(key), user, hour)).statusCode(409);
            post(body(List.of(key.toUpperCase()), user, hour)).statusCode(400);
            post("{\"tempEphemeralUserId\":\"" + user + "\",").statusCode(400);
            post("{\"pad\":\"" + key.repeat(2000) + "\"}").statusCode(413);

            String text = logs.text();
            assertThat(text).doesNotContain(user).doesNotContain(key).doesNotContain(key.toUpperCase())
                    .doesNotContain(publicKey);
        }
    }
}
