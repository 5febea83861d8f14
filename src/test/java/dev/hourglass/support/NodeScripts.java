package dev.hourglass.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node scripts of src/test/node, run with the real client libraries pinned by its lock file (installed with
 * {@code npm ci} the first time, from the npm registry). Fails, never skips, without Node or npm.
 */
public final class NodeScripts {

    public static final Path DIRECTORY = Path.of("src", "test", "node");

    public record Result(int exitCode, String output) {
    }

    private NodeScripts() {
    }

    /** Installs the locked packages unless the installed tree is already the lock file's. */
    public static synchronized void install() throws Exception {
        Path installedLock = DIRECTORY.resolve("node_modules").resolve(".package-lock.json");
        if (Files.exists(installedLock) && Files.getLastModifiedTime(installedLock).compareTo(
                Files.getLastModifiedTime(DIRECTORY.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Result install = run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
        if (install.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + DIRECTORY + ":\n" + install.output());
        }
    }

    /** Runs {@code node script args...} in src/test/node, after {@link #install}. */
    public static Result node(Duration timeout, String script, String... args) throws Exception {
        install();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(timeout, command.toArray(String[]::new));
    }

    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("hourglass-node-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(log) + "\n(killed after " + timeout + ")");
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
