package dev.hourglass.net;

import dev.hourglass.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-address limits behind a trusted proxy, which names the client in X-Forwarded-For: an IPv6 client counts by its
 * /64, and a forwarded value that is not an address is counted under one key, never a server error.
 */
@QuarkusTest
@TestProfile(ForwardedClientAddressTest.BehindAProxy.class)
class ForwardedClientAddressTest {

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                    "hourglass.registration.rate-limit", "1",
                    "hourglass.registration.rate-burst", "2");
        }
    }

    private static int register(String forwardedFor) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body("{\"ephemeralContactKeysList\":[\"" + Ids.id() + "\"],\"tempEphemeralUserId\":\"" + Ids.id()
                        + "\",\"hourId\":" + Ids.currentHour() + "}")
                .post("/register").statusCode();
    }

    @Test
    void theAddressesOfOneIpv6Slash64ShareOneAllowance() {
        assertThat(register("2001:db8:1:2::1")).isEqualTo(202);
        assertThat(register("2001:db8:1:2:aaaa::2")).isEqualTo(202);
        assertThat(register("2001:db8:1:2::3")).as("a third address of the same /64").isEqualTo(429);
        assertThat(register("2001:db8:1:3::1")).as("the next /64").isEqualTo(202);
        assertThat(register("198.51.100.20")).isEqualTo(202);
    }

    @Test
    void aForwardedValueThatIsNotAnAddressIsCountedNeverAServerError() throws Exception {
        assertThat(register("not-an-address")).isEqualTo(202);
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "X-Forwarded-For: not-an-address\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] statusLine = new byte[12];
            int read = 0;
            while (read < statusLine.length) {
                int n = in.read(statusLine, read, statusLine.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertThat(new String(statusLine, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
    }
}
