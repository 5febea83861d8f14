package dev.hourglass.cluster;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * A message relayed through a channel to the other nodes: the bytes as the receivers get them, and the members it is
 * for (empty: every member of the channel on the receiving node).
 */
public record Publication(String origin, List<String> targets, Buffer payload) {
}
