package dev.hourglass.support;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures every log record of the running app, at every level, with its formatted message and throwable. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Logger root = Logger.getLogger("");

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Starts capturing, and proves the capture sees DEBUG records of the app's own categories. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.root.addHandler(capture);
        String probe = "log-capture-probe-" + System.nanoTime();
        org.jboss.logging.Logger.getLogger("dev.hourglass.probe").debug(probe);
        if (!capture.text().contains(probe)) {
            capture.close();
            throw new IllegalStateException("the log capture does not see DEBUG records; check %test.quarkus.log.level");
        }
        return capture;
    }

    /** The tests' own HTTP client runs in the same JVM and logs its wire at DEBUG: that is the client, not the server. */
    private static boolean fromTestClient(LogRecord record) {
        String logger = record.getLoggerName();
        return logger != null && (logger.startsWith("org.apache.http") || logger.startsWith("io.restassured"));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (fromTestClient(record)) {
            return;
        }
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getLevel() + " " + record.getMessage());
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(' ').append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(' ').append(t);
        }
        lines.add(line.toString());
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
