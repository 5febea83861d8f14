package dev.hourglass.yjs;

/** The codes of /yjs error frames, {"type":"error","code":...,"message":...}; y-webrtc clients ignore them. */
enum YjsError {
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

    final String wire;

    YjsError(String wire) {
        this.wire = wire;
    }
}
