package dev.hourglass.relay;

import dev.hourglass.support.FrameSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every limit of the relay, at small values; path rooms turned off. */
@QuarkusTest
@TestProfile(DropInLimits.class)
class RelayLimitsTest {

    @TestHTTPResource("/")
    URI base;

    private static io.restassured.specification.RequestSpecification upgrade() {
        return given().header("Upgrade", "websocket").header("Connection", "Upgrade").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void aFullRoomAndAFullServerCloseWith1013() throws Exception {
        try (FrameSocket a = FrameSocket.open(base, "/relay/one"); FrameSocket b = FrameSocket.open(base, "/relay/one");
                FrameSocket third = FrameSocket.open(base, "/relay/one")) {
            assertThat(third.awaitClose(Duration.ofSeconds(5))).isEqualTo(1013);
            RelayTest.together(a, b);
            try (FrameSocket two = FrameSocket.open(base, "/relay/two"); FrameSocket three = FrameSocket.open(base, "/relay/three")) {
                assertThat(three.awaitClose(Duration.ofSeconds(5))).isEqualTo(1013);
                assertThat(two.isClosed()).isFalse();
            }
        }
    }

    @Test
    void aLongRoomNameIsRefusedBeforeTheUpgrade() {
        upgrade().get("/relay/" + "r".repeat(17)).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:hourglass:problem:bad-room"));
    }

    @Test
    void withPathRoomsOffOnlyRelayPathsAreRooms() throws Exception {
        upgrade().get("/some-room").then().statusCode(404);
        try (FrameSocket a = FrameSocket.open(base, "/relay/some-room")) {
            a.sendBinary(new byte[] {0, 0, 1, 0});
            assertThat(a.next().bytes()).isEqualTo(new byte[] {0, 1, 2, 0, 0});
        }
    }

    @Test
    void aFrameOverTheCapClosesWith1009() throws Exception {
        try (FrameSocket a = FrameSocket.open(base, "/relay/big")) {
            a.trySendBinary(new byte[5000]);
            assertThat(a.awaitClose(Duration.ofSeconds(5))).isEqualTo(1009);
        }
    }

    /** A relay cannot say a message was dropped; a dropped update would desynchronise: the flooder is closed. */
    @Test
    void aFloodClosesWith1008() throws Exception {
        try (FrameSocket flooder = FrameSocket.open(base, "/relay/flood")) {
            for (int i = 0; i < 100 && flooder.trySendBinary(new byte[] {5, 5, 5}); i++) {
                // 40 at once pass; the next one closes
            }
            assertThat(flooder.awaitClose(Duration.ofSeconds(5))).isEqualTo(1008);
        }
    }
}
