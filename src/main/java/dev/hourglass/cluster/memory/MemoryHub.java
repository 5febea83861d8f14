package dev.hourglass.cluster.memory;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Member;

import java.util.ArrayList;
import java.util.Arrays;
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
     * any). Plain arrays, replaced on change: a channel has a few members and, on a single instance, one subscribed node.
     */
    private static final class State {
        private static final Member[] NO_MEMBERS = new Member[0];
        private static final String[] NO_SUBSCRIPTIONS = new String[0];

        Member[] members = NO_MEMBERS;
        String[] subscriptions = NO_SUBSCRIPTIONS;

        boolean unused() {
            return members.length == 0 && subscriptions.length == 0;
        }

        Member member(String id) {
            for (Member member : members) {
                if (member.id().equals(id)) {
                    return member;
                }
            }
            return null;
        }

        /** The member last in join order, in place of any earlier entry of its id. */
        void add(Member member) {
            Member present = member(member.id());
            if (present != null) {
                remove(present);
            }
            members = Arrays.copyOf(members, members.length + 1);
            members[members.length - 1] = member;
        }

        boolean remove(Member member) {
            for (int i = 0; i < members.length; i++) {
                if (members[i].equals(member)) {
                    Member[] rest = new Member[members.length - 1];
                    System.arraycopy(members, 0, rest, 0, i);
                    System.arraycopy(members, i + 1, rest, i, members.length - i - 1);
                    members = rest;
                    return true;
                }
            }
            return false;
        }

        void subscribe(String node) {
            subscriptions = Arrays.copyOf(subscriptions, subscriptions.length + 1);
            subscriptions[subscriptions.length - 1] = node;
        }

        /** Gives back one subscription of the node, or all of them. */
        void unsubscribe(String node, boolean all) {
            List<String> rest = new ArrayList<>(Arrays.asList(subscriptions));
            if (all) {
                rest.removeIf(node::equals);
            } else {
                rest.remove(node);
            }
            subscriptions = rest.toArray(NO_SUBSCRIPTIONS);
        }

        boolean subscribed(String node) {
            for (String subscriber : subscriptions) {
                if (subscriber.equals(node)) {
                    return true;
                }
            }
            return false;
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
        channels.computeIfAbsent(channel, c -> new State()).subscribe(node);
    }

    synchronized void unsubscribe(ChannelId channel, String node) {
        State state = channels.get(channel);
        if (state != null) {
            state.unsubscribe(node, false);
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
            if (state != null && state.member(member.id()) == null && state.members.length >= max) {
                return i;
            }
        }
        for (ChannelId channel : list) {
            State state = channels.computeIfAbsent(channel, c -> new State());
            state.add(member);
            List<Member> members = List.of(state.members);
            for (ClusterNode node : subscribers(state)) {
                node.joined(channel, member, members);
            }
        }
        return -1;
    }

    synchronized void leave(List<ChannelId> list, Member member) {
        for (ChannelId channel : list) {
            State state = channels.get(channel);
            if (state != null && state.remove(member)) {
                announceLeave(channel, state, member, member.node());
                dropIfUnused(channel, state);
            }
        }
    }

    synchronized void restore(ChannelId channel, String node, List<String> ids) {
        State state = channels.computeIfAbsent(channel, c -> new State());
        for (Member stale : state.members) {
            if (stale.node().equals(node) && !ids.contains(stale.id())) {
                state.remove(stale);
                announceLeave(channel, state, stale, node);
            }
        }
        for (String id : ids) {
            if (state.member(id) == null) {
                state.add(new Member(id, node));
            }
        }
        List<Member> members = List.of(state.members);
        for (ClusterNode subscriber : subscribers(state)) {
            subscriber.synced(channel, node, members);
        }
        dropIfUnused(channel, state);
    }

    synchronized void settle(ChannelId channel) {
        State state = channels.get(channel);
        if (state != null) {
            List<Member> members = List.of(state.members);
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
            state.unsubscribe(node, true);
            for (Member member : state.members) {
                if (member.node().equals(node)) {
                    state.remove(member);
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
            if (state.subscribed(node.id())) {
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
