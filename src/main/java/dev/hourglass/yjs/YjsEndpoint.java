package dev.hourglass.yjs;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.Channels;
import dev.hourglass.cluster.Group;
import dev.hourglass.cluster.Hub;
import dev.hourglass.cluster.Hubs;
import dev.hourglass.cluster.Publication;
import dev.hourglass.json.JsonLimits;
import dev.hourglass.signaling.Messages;
import dev.hourglass.transport.Outgoing;
import dev.hourglass.transport.Upgraded;
import dev.hourglass.transport.WebSocketEndpoint;
import dev.hourglass.transport.WebSocketTransport;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * /yjs: the y-webrtc signaling protocol. {@code subscribe} and {@code unsubscribe} a list of topics; {@code publish}
 * goes to every subscriber of its topic, the sender included, here and on the other instances, with
 * {@code "clients": <subscribers>} added; {@code ping} is answered {@code pong}. Unlike the reference server, a
 * topic is gone with its last subscriber, bad JSON gets an error frame, and everything is bounded.
 */
@Singleton
public class YjsEndpoint implements WebSocketEndpoint<YjsConnection>, Hub.Protocol<YjsConnection> {

    static final String PATH = "/yjs";
    private static final byte[] PONG = "{\"type\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);

    private final WebSocketTransport transport;
    private final Channels channels;
    private final Hub<YjsConnection> topics;
    private final YjsMessageReader reader;
    private final YjsConfig config;

    YjsEndpoint(WebSocketTransport transport, Channels channels, Hubs hubs, YjsConfig config, JsonLimits json) {
        this.transport = transport;
        this.channels = channels;
        this.config = config;
        this.reader = new YjsMessageReader(json, config.maxTopicsPerConnection());
        this.topics = hubs.create(ChannelId.Kind.YJS_TOPIC, config.maxTopics(), config.maxSubscribersPerTopic(), YjsConnection[]::new, this);
    }

    void install(@Observes Router router) {
        router.route(PATH).order(-50).handler(transport.serve(PATH, this));
    }

    /** Topics with a subscriber on this instance. */
    public int topics() {
        return topics.size();
    }

    @Override
    public YjsConnection connect(Upgraded upgraded) {
        return new YjsConnection(upgraded);
    }

    @Override
    public void opened(YjsConnection connection) {
        // y-webrtc's signaling has no greeting.
    }

    @Override
    public void onText(YjsConnection connection, Buffer message) {
        try {
            YjsMessage parsed = reader.read(message);
            switch (parsed.type()) {
                case "subscribe" -> subscribe(connection, required(parsed.topics()));
                case "unsubscribe" -> unsubscribe(connection, required(parsed.topics()));
                case "publish" -> publish(connection, parsed, message);
                case "ping" -> connection.send(Buffer.buffer(PONG));
                default -> throw new YjsException(YjsError.UNKNOWN_TYPE, "type is subscribe, unsubscribe, publish or ping");
            }
        } catch (YjsException refused) {
            connection.send(error(refused.code, refused.getMessage()));
        }
    }

    private static List<String> required(List<String> topics) {
        if (topics == null) {
            throw new YjsException(YjsError.BAD_MESSAGE, "topics is required");
        }
        return topics;
    }

    private void subscribe(YjsConnection connection, List<String> names) {
        Set<String> fresh = new LinkedHashSet<>();
        for (String name : names) {
            validTopic(name);
            if (!connection.topics.containsKey(name)) {
                fresh.add(name);
            }
        }
        // All or none: a client told "too many" has not been half subscribed.
        if (connection.topics.size() + fresh.size() > config.maxTopicsPerConnection()) {
            throw new YjsException(YjsError.TOO_MANY_TOPICS, "a connection may subscribe to " + config.maxTopicsPerConnection() + " topics at most");
        }
        for (String name : fresh) {
            if (topics.join(connection, name, channels.yjsTopic(name)) == null) {
                throw new YjsException(YjsError.SERVER_FULL, "the server holds as many topics as it is configured for");
            }
        }
        connection.updateIdle();
    }

    private void validTopic(String name) {
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > config.maxTopicLength()) {
            throw new YjsException(YjsError.BAD_MESSAGE, "a topic is 1 to " + config.maxTopicLength() + " characters");
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE)) {
            throw new YjsException(YjsError.BAD_MESSAGE, "a topic must not contain control characters");
        }
    }

    @Override
    public void joining(YjsConnection connection, Group<YjsConnection> topic) {
        connection.topics.put(topic.name(), topic);
    }

    @Override
    public void entered(YjsConnection connection, Group<YjsConnection> topic) {
        // Subscribed: its publications reach the connection from now on; nothing is sent (y-webrtc expects nothing).
    }

    @Override
    public void refused(YjsConnection connection, Group<YjsConnection> topic, boolean full) {
        connection.topics.remove(topic.name(), topic);
        connection.send(full ? error(YjsError.TOPIC_FULL, "the topic has as many subscribers as allowed")
                : error(YjsError.UNAVAILABLE, "the cluster could not be reached to subscribe; try again"));
        connection.updateIdle();
    }

    private void unsubscribe(YjsConnection connection, List<String> names) {
        for (String name : names) {
            Group<YjsConnection> topic = connection.topics.remove(name);
            if (topic != null) {
                topics.leave(connection, topic);
            }
        }
        connection.updateIdle();
    }

    private void publish(YjsConnection connection, YjsMessage message, Buffer original) {
        if (message.topic() == null) {
            throw new YjsException(YjsError.BAD_MESSAGE, "topic is required");
        }
        Group<YjsConnection> topic = connection.topics.get(message.topic());
        if (topic == null) {
            throw new YjsException(YjsError.NOT_SUBSCRIBED, "this connection is not subscribed to that topic");
        }
        try (Outgoing out = withClients(connection, original, message.objectEnd(), topic.size())) {
            for (YjsConnection subscriber : topic.members()) {
                subscriber.send(out);
            }
            if (topic.hasRemoteMembers()) {
                topics.publish(topic, List.of(), out.payload());
            }
        }
    }

    /**
     * The client's message with ,"clients":n before its closing brace (it has a type and a topic: never empty),
     * encoded once for every subscriber.
     */
    private static Outgoing withClients(YjsConnection sender, Buffer original, int objectEnd, int clients) {
        return Outgoing.text(sender, original, objectEnd, (",\"clients\":" + clients + "}").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void published(Group<YjsConnection> topic, Publication publication) {
        for (YjsConnection subscriber : topic.members()) {
            subscriber.send(publication.payload());
        }
    }

    @Override
    public void onBinary(YjsConnection connection, Buffer message) {
        connection.send(error(YjsError.BINARY_NOT_SUPPORTED, "messages on /yjs are JSON text"));
    }

    @Override
    public void onRateLimited(YjsConnection connection) {
        connection.send(error(YjsError.RATE_LIMITED, "too many messages; this one was dropped"));
    }

    @Override
    public void closed(YjsConnection connection) {
        for (Group<YjsConnection> topic : List.copyOf(connection.topics.values())) {
            topics.leave(connection, topic);
        }
        connection.topics.clear();
    }

    private static Buffer error(YjsError code, String message) {
        code.counted();
        return Messages.message("error", "code", code.wire, "message", message);
    }
}
