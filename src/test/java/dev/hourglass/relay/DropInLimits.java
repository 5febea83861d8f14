package dev.hourglass.relay;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Small limits for the relay's and /yjs's limit tests (one profile: one server start for both). */
public class DropInLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("hourglass.ws.max-message-bytes", "4096"),
                Map.entry("hourglass.ws.rate-limit", "20"),
                Map.entry("hourglass.ws.rate-burst", "40"),
                Map.entry("hourglass.ws.rate-strikes", "30"),
                Map.entry("hourglass.relay.path-rooms", "false"),
                Map.entry("hourglass.relay.max-peers-per-room", "2"),
                Map.entry("hourglass.relay.max-rooms", "2"),
                Map.entry("hourglass.relay.max-room-name-length", "16"),
                Map.entry("hourglass.yjs.max-topics-per-connection", "2"),
                Map.entry("hourglass.yjs.max-topic-length", "32"),
                Map.entry("hourglass.yjs.max-subscribers-per-topic", "2"),
                Map.entry("hourglass.yjs.max-topics", "3"));
    }
}
