package dev.hourglass.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written on a plain socket, for what a polite client never does: fragments of any size,
 * frames it never answers (pings), a receive side it never reads.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CONTINUATION = 0;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawWebSocket(URI httpBase, int receiveBufferBytes) throws IOException {
        this(httpBase, "/ws", receiveBufferBytes);
    }

    /** A connection to any WebSocket path of the server, its receive buffer this small when positive. */
    public RawWebSocket(URI httpBase, String path, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress(httpBase.getHost(), httpBase.getPort()), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + httpBase.getHost() + ":" + httpBase.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("handshake refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // headers
        }
    }

    public RawWebSocket(URI httpBase) throws IOException {
        this(httpBase, 0);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed during handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(maskedFrame(opcode, fin, payload));
        out.flush();
    }

    /** Sends whole text messages in one write, so that the server reads them together (one event-loop turn). */
    public void sendTextsAtOnce(String... texts) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String text : texts) {
            all.write(maskedFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8)));
        }
        out.write(all.toByteArray());
        out.flush();
    }

    private static byte[] maskedFrame(int opcode, boolean fin, byte[] payload) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            frame.write(0x80 | length);
        } else if (length < 65536) {
            frame.write(0x80 | 126);
            frame.write(length >> 8);
            frame.write(length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) length >> shift));
            }
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * Sends only the head of a frame that says it carries {@code length} bytes, and none of them: a server that
     * refuses the frame by its length (1009) can close without unread bytes behind it, so the close frame is not lost
     * to a reset, as it may be when the client is still writing the payload.
     */
    public void announceFrame(int opcode, long length) throws IOException {
        byte[] head = new byte[2 + 8 + 4]; // the mask, all zeros, is as valid as any
        head[0] = (byte) (0x80 | opcode);
        head[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            head[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        out.write(head);
        out.flush();
    }

    /** Sends a whole frame one byte per write: the server must assemble it from as many reads. */
    public void sendFrameByteByByte(int opcode, byte[] payload) throws IOException {
        for (byte b : maskedFrame(opcode, true, payload)) {
            out.write(b);
            out.flush();
        }
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads frames (ignoring pings and messages) until the server's close frame; its code. */
    public int awaitCloseCode() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
        }
    }

    /**
     * Whether the server ends the TCP connection within the time, nothing more arriving before: true at end of
     * stream, false if the time passes first (or if a byte arrives).
     */
    public boolean endsWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
