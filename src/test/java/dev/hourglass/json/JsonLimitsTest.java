package dev.hourglass.json;

import dev.hourglass.support.FrameSocket;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

/** The JSON limits, on /register, /ws and /yjs alike, each refused with a message that names it. */
@QuarkusTest
class JsonLimitsTest {

    @TestHTTPResource("/")
    URI base;

    private static final String DEEP = "[".repeat(17) + "]".repeat(17);
    private static final String LONG_NUMBER = "1".repeat(33);

    @Test
    void registerRefusesDeepNestingAndLongNumbersWithAProblemThatSaysWhich() {
        given().contentType(ContentType.JSON).body("{\"x\":" + DEEP + "}").post("/register").then().statusCode(400)
                .body("type", equalTo("urn:hourglass:problem:invalid-field")).body("detail", containsString("nested deeper than 16"));
        given().contentType(ContentType.JSON).body("{\"hourId\":" + LONG_NUMBER + "}").post("/register").then().statusCode(400)
                .body("detail", containsString("a number longer than 32"));
        // Just under the limits is only what it is: an incomplete registration.
        given().contentType(ContentType.JSON).body("{\"x\":" + "[".repeat(15) + "]".repeat(15) + "}").post("/register").then()
                .statusCode(400).body("detail", org.hamcrest.Matchers.not(containsString("deeper")));
    }

    @Test
    void theWebSocketEndpointsAnswerAnErrorFrameAndStayOpen() throws Exception {
        try (WsClient ws = WsClient.connect(base)) {
            ws.send("{\"type\":\"ping\",\"x\":" + DEEP + "}");
            assertThat(ws.expectError("bad-json").path("message").asText()).contains("nested deeper than 16");
            ws.send("{\"type\":\"ping\",\"x\":" + LONG_NUMBER + "}");
            assertThat(ws.expectError("bad-json").path("message").asText()).contains("a number longer than 32");
            ws.assertAlive();
        }
        try (FrameSocket yjs = FrameSocket.open(base, "/yjs")) {
            yjs.sendText("{\"type\":\"ping\",\"x\":" + DEEP + "}");
            assertThat(yjs.next().text()).contains("\"code\":\"bad-json\"").contains("nested deeper than 16");
            yjs.sendText("{\"type\":\"ping\"}");
            assertThat(yjs.next().text()).isEqualTo("{\"type\":\"pong\"}");
        }
    }
}
