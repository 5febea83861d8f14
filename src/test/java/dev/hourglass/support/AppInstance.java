package dev.hourglass.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as a process of its own, as operators run it: the native executable when the build made
 * one, else the jar on this JVM. Its output goes to target/cluster-it/, never to the test's log.
 */
public final class AppInstance implements AutoCloseable {

    private final String name;
    private final int port;
    private final Map<String, String> config;
    private Process process;
    private Path workingDirectory;
    private final List<String> jvmOptions = new ArrayList<>();

    public AppInstance(String name, Map<String, String> config) throws IOException {
        this(name, RedisServer.freePort(), config);
    }

    /** An instance on this port: a restart of another, as its clients see it. */
    public AppInstance(String name, int port, Map<String, String> config) {
        this.name = name;
        this.port = port;
        this.config = config;
    }

    public int port() {
        return port;
    }

    /** Runs the process in this directory (the test's own by default). Before {@link #start}. */
    public AppInstance in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    /** Options for the JVM itself, such as -XX flags (JVM mode only). Before {@link #start}. */
    public AppInstance jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public String name() {
        return name;
    }

    /** Starts the process and waits until it is live (not ready: a Redis-mode instance without Redis is not). */
    public AppInstance start() throws Exception {
        List<String> command = new ArrayList<>();
        Path nativeImage = Path.of(System.getProperty("native.image.path", "target/none"));
        List<String> properties = new ArrayList<>();
        properties.add("-Dquarkus.http.port=" + port);
        properties.add("-Dquarkus.http.host=127.0.0.1");
        // Every test client comes from 127.0.0.1, and a test opens connections faster than any one user; a short drain
        // keeps the tests' stops quick. A test's own config overrides these.
        properties.add("-Dhourglass.ws.connection-rate=100000");
        properties.add("-Dhourglass.ws.connection-burst=100000");
        properties.add("-Dhourglass.shutdown.drain=PT1S");
        config.forEach((key, value) -> properties.add("-D" + key + "=" + value));
        if (Files.isExecutable(nativeImage)) {
            command.add(nativeImage.toString());
            command.addAll(properties);
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.addAll(properties);
            command.add("-jar");
            command.add(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        }
        Path logs = Files.createDirectories(Path.of("target/cluster-it"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toAbsolutePath().toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        process = builder.start();
        awaitStatus("/q/health/live", 200, Duration.ofSeconds(60));
        return this;
    }

    /** Waits until the path answers this status; fails after the time. */
    public void awaitStatus(String path, int status, Duration within) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(within);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/cluster-it/" + name + ".log");
            }
            try {
                last = http.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " " + path + " did not answer " + status + " within " + within + " (last: " + last + ")");
    }

    /** SIGTERM, without waiting: the graceful shutdown starts. */
    public void terminate() {
        process.destroy();
    }

    /** The process id, for /proc. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no leave, no word to the others. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to exit by itself; its exit code. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + within);
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(Path.of("target/cluster-it/" + name + ".log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
