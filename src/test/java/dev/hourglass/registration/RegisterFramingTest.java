package dev.hourglass.registration;

import dev.hourglass.crypto.Hex;
import dev.hourglass.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.hourglass.support.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How POST /register reads its body off the wire, spoken byte for byte over a plain socket: bodies in several
 * pieces, chunked bodies, Expect: 100-continue, and framing a client got wrong (which must be a 4xx, never a 500).
 */
@QuarkusTest
class RegisterFramingTest {

    @Inject
    RegistrationService registrations;

    private static String head(String extraHeaders) {
        return "POST /register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + extraHeaders + "\r\n";
    }

    @Test
    void aBodyArrivingInSeveralPiecesIsReadWhole() throws Exception {
        String user = Ids.id();
        long hour = Ids.currentHour();
        byte[] body = RegisterRouteTest.body(List.of(Ids.id(), Ids.id()), user, hour).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int at = 0; at < body.length; at += 40) {
                out.write(body, at, Math.min(40, body.length - at));
                out.flush();
                Thread.sleep(20);
            }
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 202").contains("\"contactKeys\":2");
        }
        assertThat(await(registrations.find(hour, Hex.decodeId(user)))).isPresent();
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreEachAnsweredInOrder() throws Exception {
        long hour = Ids.currentHour();
        String first = Ids.id();
        String second = Ids.id();
        byte[] firstBody = RegisterRouteTest.body(List.of(Ids.id()), first, hour).getBytes(StandardCharsets.UTF_8);
        byte[] secondBody = RegisterRouteTest.body(List.of(Ids.id(), Ids.id()), second, hour).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((head("Content-Length: " + firstBody.length + "\r\n") + new String(firstBody, StandardCharsets.UTF_8)
                    + head("Content-Length: " + secondBody.length + "\r\n") + new String(secondBody, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 202").contains("\"contactKeys\":1");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 202").contains("\"contactKeys\":2");
        }
        assertThat(await(registrations.find(hour, Hex.decodeId(first)))).isPresent();
        assertThat(await(registrations.find(hour, Hex.decodeId(second)))).isPresent();
    }

    @Test
    void aChunkedBodyWithinTheCapIsRegistered() throws Exception {
        String user = Ids.id();
        long hour = Ids.currentHour();
        String body = RegisterRouteTest.body(List.of(Ids.id()), user, hour);
        String first = body.substring(0, 50);
        String rest = body.substring(50);
        String chunked = Integer.toHexString(first.length()) + "\r\n" + first + "\r\n"
                + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n";
        try (Socket socket = connect()) {
            socket.getOutputStream().write((head("Transfer-Encoding: chunked\r\n") + chunked).getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 202");
        }
        assertThat(await(registrations.find(hour, Hex.decodeId(user)))).isPresent();
    }

    @Test
    void expect100ContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        String user = Ids.id();
        long hour = Ids.currentHour();
        byte[] body = RegisterRouteTest.body(List.of(Ids.id()), user, hour).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100");
            out.write(body);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 202");
        }
        assertThat(await(registrations.find(hour, Hex.decodeId(user)))).isPresent();
    }

    @Test
    void anExpectationOtherThan100ContinueIs417AndNothingIsRead() throws Exception {
        long before = await(registrations.liveRegistrations());
        byte[] body = RegisterRouteTest.body(List.of(Ids.id()), Ids.id(), Ids.currentHour()).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head("Content-Length: " + body.length + "\r\nExpect: 200-ok\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 417").contains("application/problem+json").contains("\"status\":417");
        }
        assertThat(await(registrations.liveRegistrations())).isEqualTo(before);
    }

    /** Vert.x drops a connection whose chunked framing breaks mid-request; what matters is no 500 and no registration. */
    @Test
    void aMalformedChunkedBodyEndsTheConnectionNeverA500AndRegistersNothing() throws Exception {
        long before = await(registrations.liveRegistrations());
        String body = RegisterRouteTest.body(List.of(Ids.id()), Ids.id(), Ids.currentHour());
        try (Socket socket = connect()) {
            socket.getOutputStream().write((head("Transfer-Encoding: chunked\r\n") + "zz-not-a-size\r\n" + body + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());
            assertThat(response.isEmpty() || response.startsWith("HTTP/1.1 400")).as(response).isTrue();
            assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
        }
        assertThat(await(registrations.liveRegistrations())).isEqualTo(before);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** The status line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** One whole response: its head, then as many body bytes as its Content-Length says (or up to the close). */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (int i = 0; length < 0 || i < length; i++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                body.write(b);
            }
        } catch (SocketTimeoutException e) {
            // no Content-Length and no close: what came is what there is
        }
        return head + body.toString(StandardCharsets.UTF_8);
    }
}
