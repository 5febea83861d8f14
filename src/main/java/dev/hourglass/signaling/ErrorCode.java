package dev.hourglass.signaling;

import java.util.concurrent.atomic.LongAdder;

/** The codes of error frames; the connection stays open after each. Each counts how often it was sent. */
public enum ErrorCode {
    BAD_JSON("bad-json"),
    BAD_MESSAGE("bad-message"),
    UNKNOWN_TYPE("unknown-type"),
    RESERVED_FIELD("reserved-field"),
    BINARY_NOT_SUPPORTED("binary-not-supported"),
    RATE_LIMITED("rate-limited"),
    NOT_IN_ROOM("not-in-room"),
    ROOM_REQUIRED("room-required"),
    ALREADY_JOINED("already-joined"),
    ROOM_FULL("room-full"),
    TOO_MANY_ROOMS("too-many-rooms"),
    SERVER_FULL("server-full"),
    UNKNOWN_PEER("unknown-peer"),
    NOT_REGISTERED("not-registered"),
    BAD_SIGNATURE("bad-signature"),
    NOT_BOUND("not-bound"),
    UNKNOWN_CONTACT_KEY("unknown-contact-key"),
    CONTACT_KEY_BUSY("contact-key-busy"),
    UNREACHABLE("unreachable"),
    REALM_REFUSED("realm-refused"),
    NOT_IN_REALM("not-in-realm"),
    TOO_MANY_REALMS("too-many-realms"),
    REALM_FULL("realm-full"),
    TOO_MANY_IDENTITIES("too-many-identities"),
    TOO_MANY_INVITATIONS("too-many-invitations"),
    UNAVAILABLE("unavailable"),
    INTERNAL("internal");

    public final String wire;
    private final LongAdder sent = new LongAdder();

    ErrorCode(String wire) {
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
