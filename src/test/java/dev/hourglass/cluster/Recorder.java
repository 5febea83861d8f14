package dev.hourglass.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A node whose handlers record every event they get, for both kinds of channel, in order. */
final class Recorder implements ChannelHandler {

    /** One event: its kind, the channel, the member it is about (or null) and the members it carries (or null). */
    record Event(String kind, ChannelId channel, String member, List<Member> members, Publication publication) {
    }

    final ClusterNode node;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile int restored;

    Recorder(String id) {
        this.node = new ClusterNode(id);
        node.handle(ChannelId.Kind.ROOM, this);
        node.handle(ChannelId.Kind.CONTACT_KEY, this);
    }

    String id() {
        return node.id();
    }

    @Override
    public void onPublication(ChannelId channel, Publication publication) {
        events.add(new Event("publication", channel, null, null, publication));
    }

    @Override
    public void onJoin(ChannelId channel, Member joined, List<Member> members) {
        events.add(new Event("join", channel, joined.id(), members, null));
    }

    @Override
    public void onLeave(ChannelId channel, Member left) {
        events.add(new Event("leave", channel, left.id(), null, null));
    }

    @Override
    public void onSync(ChannelId channel, String node, List<Member> members) {
        events.add(new Event("sync", channel, node, members, null));
    }

    @Override
    public void onSettle() {
        events.add(new Event("settle", null, null, null, null));
    }

    @Override
    public void onRestored() {
        restored++;
    }

    /** The next event, which must be of this kind, within the time. */
    Event next(String kind, Duration within) throws InterruptedException {
        Event event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("a " + kind + " event within " + within).isNotNull();
        assertThat(event.kind()).as("kind of " + event).isEqualTo(kind);
        return event;
    }

    Event next(String kind) throws InterruptedException {
        return next(kind, Duration.ofSeconds(5));
    }

    void expectNothing(Duration during) throws InterruptedException {
        Event event = events.poll(during.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("no event expected").isNull();
    }
}
