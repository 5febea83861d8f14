package dev.hourglass.yjs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the y-webrtc signaling on /yjs; the connection layer's (size, rate, caps, liveness) are hourglass.ws's. */
@ConfigMapping(prefix = "hourglass.yjs")
public interface YjsConfig {

    /** Topics one connection may be subscribed to. */
    @WithDefault("64")
    int maxTopicsPerConnection();

    /** Topic names are 1 to this many characters. */
    @WithDefault("256")
    int maxTopicLength();

    /** Subscribers of one topic, counted over every instance of a cluster. */
    @WithDefault("256")
    int maxSubscribersPerTopic();

    /** Topics with a subscriber on this instance. */
    @WithDefault("50000")
    int maxTopics();
}
