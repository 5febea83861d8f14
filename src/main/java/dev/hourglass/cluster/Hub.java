package dev.hourglass.cluster;

import dev.hourglass.transport.Connection;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The groups of one kind of channel that have a member or a joiner on this instance, and the one way connections
 * join and leave them, over every engine. What the members are told is the protocol's ({@link Protocol}); the
 * order of it is the hub's:
 * <p>
 * A join is admitted by {@link Presence} (which counts members on every instance) and completed by its own join
 * event: that event comes in the channel's one order of events, so the joiner hears it is in before any notice of a
 * later member, on every instance, in both engines. The joiner's messages sent meanwhile are held by the transport
 * ({@link Connection#suspend}) and served after it. Leaves are told to this instance's members at once and to the
 * others through the engine. Each connection holds one broker subscription per group, the index one hold.
 */
public final class Hub<C extends Connection> implements ChannelHandler {

    /** A join whose join event has not come by then (the engine lost it) is refused, so that the client can retry. */
    static final long JOIN_TIMEOUT_MS = 10_000;

    /** What a protocol tells its connections. Calls marked "under the monitor" hold the group's; none may block. */
    public interface Protocol<C extends Connection> {

        /** The connection's join of the group has started (it may complete before {@link Hub#join} returns). Own loop. */
        default void joining(C connection, Group<C> group) {
        }

        /** The joiner is a member from now on; {@code others} are the other members' ids, on every instance. Under the monitor. */
        default void admitted(Group<C> group, C joiner, List<String> others) {
        }

        /** After {@link #admitted}, on the joiner's own loop; also when it left meanwhile (then it is closing or gone). */
        void entered(C connection, Group<C> group);

        /** The join will not complete: the group was full, or the cluster could not be reached. Own loop. */
        void refused(C connection, Group<C> group, boolean full);

        /** A member joined, here or elsewhere; the group's members here do not include it yet. Under the monitor. */
        default void memberJoined(Group<C> group, String id) {
        }

        /** A member left, here or elsewhere; it is no longer among the members. Under the monitor. */
        default void memberLeft(Group<C> group, String id) {
        }

        /** A publication from another instance, for the members here. Engine thread. */
        void published(Group<C> group, Publication publication);
    }

    private final ConcurrentHashMap<ChannelId, Group<C>> groups = new ConcurrentHashMap<>();
    private final Broker broker;
    private final Presence presence;
    private final ClusterNode node;
    private final Vertx vertx;
    private final int maxGroups;
    private final int maxMembers;
    private final IntFunction<C[]> arrays;
    private final C[] none;
    private final Protocol<C> protocol;

    Hub(ChannelId.Kind kind, Broker broker, Presence presence, ClusterNode node, Vertx vertx, int maxGroups, int maxMembers,
            IntFunction<C[]> arrays, Protocol<C> protocol) {
        this.broker = broker;
        this.presence = presence;
        this.node = node;
        this.vertx = vertx;
        this.maxGroups = maxGroups;
        this.maxMembers = maxMembers;
        this.arrays = arrays;
        this.none = arrays.apply(0);
        this.protocol = protocol;
        node.handle(kind, this);
    }

    /** Groups with a member or a joiner on this instance. */
    public int size() {
        return groups.size();
    }

    /**
     * Starts the connection's join of the group on this channel, and suspends the connection until the join is done
     * ({@link Protocol#entered} or {@link Protocol#refused}). Own loop. Returns the group, or null when a new group
     * would pass the cap on groups (nothing started).
     */
    public Group<C> join(C connection, String name, ChannelId channel) {
        Group<C> group = acquire(name, channel);
        if (group == null) {
            return null;
        }
        synchronized (group) {
            group.addJoiner(connection);
        }
        protocol.joining(connection, group);
        connection.suspend();
        long[] timeout = {-1};
        // Subscribed first, so that this instance hears the join event the admission publishes.
        broker.subscribe(channel).compose(subscribed -> presence.join(List.of(channel), connection.id(), maxMembers))
                .onComplete(result -> connection.onOwnLoop(() -> {
            if (!admitted(result)) {
                refuse(connection, group, result.succeeded() && result.result() instanceof Presence.Full);
            }
            if (timeout[0] >= 0 && !stillJoining(group, connection)) {
                vertx.cancelTimer(timeout[0]);
            }
        }));
        // The backstop for a join event the engine lost; a join already done (the memory engine's always is) needs none.
        // Both this and the callback above run on the connection's loop, so the callback sees the timer if there is one.
        if (stillJoining(group, connection)) {
            timeout[0] = vertx.setTimer(JOIN_TIMEOUT_MS, id -> connection.onOwnLoop(() -> refuse(connection, group, false)));
        }
        return group;
    }

    private static boolean admitted(AsyncResult<Presence.Admission> result) {
        return result.succeeded() && result.result() instanceof Presence.Admitted;
    }

    private static <C extends Connection> boolean stillJoining(Group<C> group, C connection) {
        synchronized (group) {
            return group.isJoining(connection);
        }
    }

    /**
     * A join that will not complete: the protocol tells the joiner, and its messages held behind the join are served.
     * Nothing happens when the join completed or the connection left meanwhile.
     */
    private void refuse(C connection, Group<C> group, boolean full) {
        boolean wasJoining;
        synchronized (group) {
            wasJoining = group.removeJoiner(connection.id()) != null;
        }
        if (!wasJoining) {
            return;
        }
        if (!full) {
            // Admitted but its event lost, or unknown: make sure no member is left behind in the engine.
            presence.leave(List.of(group.channel), connection.id());
        }
        broker.unsubscribe(group.channel);
        release(group);
        protocol.refused(connection, group, full);
        connection.resume();
    }

    /** The joiner's own join event: it is a member from now on. Engine thread, under the group's monitor. */
    private void completeJoin(Group<C> group, C joiner, List<Member> members) {
        List<String> others = new ArrayList<>(members.size());
        for (Member member : members) {
            if (!member.id().equals(joiner.id())) {
                others.add(member.id());
            }
        }
        protocol.admitted(group, joiner, others);
        protocol.memberJoined(group, joiner.id());
        C[] before = group.members;
        C[] next = Arrays.copyOf(before, before.length + 1);
        next[before.length] = joiner;
        group.members = next;
        joiner.onOwnLoop(() -> {
            protocol.entered(joiner, group);
            joiner.resume();
        });
    }

    /**
     * Takes the connection out of the group, member or joiner, exactly once: the other members here are told, the
     * engine too. Returns whether it was in. Any thread.
     */
    public boolean leave(C connection, Group<C> group) {
        synchronized (group) {
            boolean wasJoining = group.removeJoiner(connection.id()) != null;
            C[] members = group.members;
            C[] rest = without(members, connection);
            boolean wasMember = rest.length != members.length;
            if (!wasJoining && !wasMember) {
                return false;
            }
            group.members = rest;
            if (wasMember) {
                protocol.memberLeft(group, connection.id());
            }
        }
        presence.leave(List.of(group.channel), connection.id());
        broker.unsubscribe(group.channel);
        release(group);
        return true;
    }

    private C[] without(C[] members, C connection) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == connection) {
                C[] rest = arrays.apply(members.length - 1);
                System.arraycopy(members, 0, rest, 0, i);
                System.arraycopy(members, i + 1, rest, i, members.length - i - 1);
                return rest;
            }
        }
        return members;
    }

    /**
     * To the group's members on other instances (or those of them named in {@code targets}); nothing is sent while it
     * has none. Fire and forget.
     */
    public void publish(Group<C> group, List<String> targets, Buffer payload) {
        broker.publish(group.channel, targets, payload);
    }

    // The index: a group is held by each of its local members and joiners and leaves with the last of them.

    private Group<C> acquire(String name, ChannelId channel) {
        return groups.compute(channel, (key, group) -> {
            if (group == null) {
                if (groups.size() >= maxGroups) {
                    return null;
                }
                group = new Group<>(name, key, none);
            }
            group.users++;
            return group;
        });
    }

    private void release(Group<C> group) {
        groups.computeIfPresent(group.channel, (key, current) -> {
            if (current != group) {
                return current;
            }
            return --current.users == 0 ? null : current;
        });
    }

    Collection<Group<C>> all() {
        return groups.values();
    }

    // Engine events. Each is for one channel, in the channel's order.

    @Override
    public void onPublication(ChannelId channel, Publication publication) {
        Group<C> group = groups.get(channel);
        if (group != null) {
            protocol.published(group, publication);
        }
    }

    @Override
    public void onJoin(ChannelId channel, Member joined, List<Member> members) {
        Group<C> group = groups.get(channel);
        if (group == null) {
            return;
        }
        synchronized (group) {
            // The view first: what it adds is news to the members already here, not to the joiner, whose admission
            // lists every member.
            group.remote.add(members, node.id()).forEach(member -> protocol.memberJoined(group, member.id()));
            C joiner = joined.node().equals(node.id()) ? group.removeJoiner(joined.id()) : null;
            if (joiner != null) {
                completeJoin(group, joiner, members);
            }
        }
    }

    @Override
    public void onLeave(ChannelId channel, Member left) {
        Group<C> group = groups.get(channel);
        if (group == null) {
            return;
        }
        synchronized (group) {
            if (group.remote.remove(left.id()) != null) {
                protocol.memberLeft(group, left.id());
            }
        }
    }

    @Override
    public void onSync(ChannelId channel, String from, List<Member> members) {
        Group<C> group = groups.get(channel);
        if (group != null) {
            synchronized (group) {
                RemoteView.Changes changes = group.remote.sync(from, members, node.id());
                changes.left().forEach(member -> protocol.memberLeft(group, member.id()));
                changes.joined().forEach(member -> protocol.memberJoined(group, member.id()));
            }
        }
    }

    @Override
    public void onRestored() {
        for (Group<C> group : groups.values()) {
            List<String> local;
            synchronized (group) {
                local = Arrays.stream(group.members).map(Connection::id).toList();
            }
            presence.restore(group.channel, local);
        }
    }

    @Override
    public void onSettle() {
        groups.values().forEach(group -> presence.settle(group.channel));
    }
}
