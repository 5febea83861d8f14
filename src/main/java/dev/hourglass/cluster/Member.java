package dev.hourglass.cluster;

/**
 * One connection present in a channel: its id (a connection id, random, made by the server) and the node it is on.
 */
public record Member(String id, String node) {
}
