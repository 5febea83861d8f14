package dev.hourglass.yjs;

import java.util.concurrent.atomic.LongAdder;

/**
 * The codes of /yjs error frames, {"type":"error","code":...,"message":...}; y-webrtc clients ignore them. Each counts
 * how often it was sent.
 */
public enum YjsError {
    BAD_JSON("bad-json"),
    BAD_MESSAGE("bad-message"),
    UNKNOWN_TYPE("unknown-type"),
    BINARY_NOT_SUPPORTED("binary-not-supported"),
    RATE_LIMITED("rate-limited"),
    TOO_MANY_TOPICS("too-many-topics"),
    NOT_SUBSCRIBED("not-subscribed"),
    TOPIC_FULL("topic-full"),
    SERVER_FULL("server-full"),
    UNAVAILABLE("unavailable");

    public final String wire;
    private final LongAdder sent = new LongAdder();

    YjsError(String wire) {
        this.wire = wire;
    }

    void counted() {
        sent.increment();
    }

    /** Error frames of this code sent so far. */
    public long sent() {
        return sent.sum();
    }
}
