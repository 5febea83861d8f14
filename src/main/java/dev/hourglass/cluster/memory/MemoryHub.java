package dev.hourglass.cluster.memory;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Member;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The shared state behind {@link MemoryEngine}s: channels with their members and subscribed nodes. One instance has
 * one node on it; tests put several on one hub to run the cluster contract in one process. Every change and the
 * events it causes happen under the hub's lock, which is what gives each channel one order of events.
 */
public final class MemoryHub {

    /**
     * One channel: members in join order, and one entry per subscription held (a node is subscribed while it holds
     * any). Small lists, not maps: a channel has a few members and, on a single instance, one subscribed node.
     */
    private static final class State {
        final ArrayList<Member> members = new ArrayList<>(2);
        final ArrayList<String> subscriptions = new ArrayList<>(2);

        boolean unused() {
            return members.isEmpty() && subscriptions.isEmpty();
        }

        Member member(String id) {
            for (Member member : members) {
                if (member.id().equals(id)) {
                    return member;
                }
            }
            return null;
        }
    }

    private final Map<ChannelId, State> channels = new HashMap<>();
    final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();

    void attach(ClusterNode node) {
        nodes.add(node);
    }

    /** Whether another node than this one is on the hub: with one node alone, publishing has no one to reach. */
    boolean shared() {
        return nodes.size() > 1;
    }

    synchronized void subscribe(ChannelId channel, String node) {
        channels.computeIfAbsent(channel, c -> new State()).subscriptions.add(node);
    }

    synchronized void unsubscribe(ChannelId channel, String node) {
        State state = channels.get(channel);
        if (state != null) {
            state.subscriptions.remove(node);
            dropIfUnused(channel, state);
        }
    }

    /** Delivers to each subscriber but the sender; under the lock, so that it keeps its place among joins and leaves. */
    synchronized void publish(ChannelId channel, String origin, java.util.function.Consumer<ClusterNode> delivery) {
        State state = channels.get(channel);
        if (state == null) {
            return;
        }
        for (ClusterNode node : subscribers(state)) {
            if (!node.id().equals(origin)) {
                delivery.accept(node);
            }
        }
    }

    /** Adds the member to all the channels or, when one has max members, to none: -1 then, else that channel's index. */
    synchronized int join(List<ChannelId> list, Member member, int max) {
        for (int i = 0; i < list.size(); i++) {
            State state = channels.get(list.get(i));
            if (state != null && state.member(member.id()) == null && state.members.size() >= max) {
                return i;
            }
        }
        for (ChannelId channel : list) {
            State state = channels.computeIfAbsent(channel, c -> new State());
            Member present = state.member(member.id());
            if (present != null) {
                state.members.remove(present);
            }
            state.members.add(member);
            List<Member> members = List.copyOf(state.members);
            for (ClusterNode node : subscribers(state)) {
                node.joined(channel, member, members);
            }
        }
        return -1;
    }

    synchronized void leave(List<ChannelId> list, Member member) {
        for (ChannelId channel : list) {
            State state = channels.get(channel);
            if (state != null && state.members.remove(member)) {
                announceLeave(channel, state, member, member.node());
                dropIfUnused(channel, state);
            }
        }
    }

    synchronized void restore(ChannelId channel, String node, List<String> ids) {
        State state = channels.computeIfAbsent(channel, c -> new State());
        for (Member stale : new ArrayList<>(state.members)) {
            if (stale.node().equals(node) && !ids.contains(stale.id())) {
                state.members.remove(stale);
                announceLeave(channel, state, stale, node);
            }
        }
        for (String id : ids) {
            if (state.member(id) == null) {
                state.members.add(new Member(id, node));
            }
        }
        List<Member> members = List.copyOf(state.members);
        for (ClusterNode subscriber : subscribers(state)) {
            subscriber.synced(channel, node, members);
        }
        dropIfUnused(channel, state);
    }

    synchronized void settle(ChannelId channel) {
        State state = channels.get(channel);
        if (state != null) {
            List<Member> members = List.copyOf(state.members);
            for (ClusterNode subscriber : subscribers(state)) {
                subscriber.synced(channel, null, members);
            }
        }
    }

    /** A node is gone without a word: its members leave every channel, as the others' reaper would do it in Redis. */
    public synchronized void kill(String node) {
        nodes.removeIf(n -> n.id().equals(node));
        for (var entry : new ArrayList<>(channels.entrySet())) {
            State state = entry.getValue();
            state.subscriptions.removeIf(node::equals);
            for (Member member : new ArrayList<>(state.members)) {
                if (member.node().equals(node)) {
                    state.members.remove(member);
                    announceLeave(entry.getKey(), state, member, node);
                }
            }
            dropIfUnused(entry.getKey(), state);
        }
    }

    private void announceLeave(ChannelId channel, State state, Member member, String exceptNode) {
        for (ClusterNode node : subscribers(state)) {
            if (!node.id().equals(exceptNode)) {
                node.left(channel, member);
            }
        }
    }

    private List<ClusterNode> subscribers(State state) {
        List<ClusterNode> subscribed = new ArrayList<>(nodes.size());
        for (ClusterNode node : nodes) {
            if (state.subscriptions.contains(node.id())) {
                subscribed.add(node);
            }
        }
        return subscribed;
    }

    private void dropIfUnused(ChannelId channel, State state) {
        if (state.unused()) {
            channels.remove(channel);
        }
    }
}
