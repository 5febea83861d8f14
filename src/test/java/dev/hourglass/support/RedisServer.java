package dev.hourglass.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's) on a free loopback port, keeping nothing on disk, that a test can stop, start again
 * (empty, as the recommended settings make it) and kill. Fails, rather than skips, when redis-server is missing.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() throws IOException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("hourglass-redis"));
        server.startAgain();
        return server;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again, empty) on the same port; returns once it accepts connections. */
    public void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Stops the server; it keeps nothing, so the next start is empty. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs a redis-cli command against the server and returns its output (raw, one reply element a line). */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--no-raw"));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = cli.getInputStream().readAllBytes();
        if (!cli.waitFor(10, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("redis-cli did not finish");
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** redis-cli MONITOR, writing every command the server runs, with its arguments, to the file until destroyed. */
    public Process monitor(Path into) throws IOException {
        Process monitor = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "MONITOR")
                .redirectErrorStream(true).redirectOutput(into.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(deadline) && Files.size(into) == 0) {
            sleep(20); // redis-cli prints OK once the monitor is on
        }
        return monitor;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
