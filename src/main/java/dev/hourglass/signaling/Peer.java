package dev.hourglass.signaling;

/** Placeholder replaced with the connection state below. */
final class Peer {
    String id() { return ""; }
}
