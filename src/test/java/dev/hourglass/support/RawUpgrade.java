package dev.hourglass.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One WebSocket upgrade request on a plain socket, its answer read as it comes: the status, the headers and, for a
 * refusal, the body. An HTTP client would wait for a final answer after a 101; this does not.
 */
public final class RawUpgrade {

    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawUpgrade() {
    }

    /** Upgrades {@code path} with these extra header lines (each "Name: value"), then closes the socket. */
    public static Answer send(URI httpBase, String path, String... headerLines) throws IOException {
        return send(httpBase, path, new byte[0], headerLines);
    }

    /** The same with a body after the head (its Content-Length among the header lines). */
    public static Answer send(URI httpBase, String path, byte[] requestBody, String... headerLines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(httpBase.getHost(), httpBase.getPort()), 5000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + httpBase.getHost() + ":" + httpBase.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(requestBody);
            InputStream in = socket.getInputStream();
            String status = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while (!(header = line(in)).isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            String body = "";
            if (code != 101 && headers.containsKey("content-length")) {
                body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
            }
            return new Answer(code, headers, body);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed in the answer's head");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
