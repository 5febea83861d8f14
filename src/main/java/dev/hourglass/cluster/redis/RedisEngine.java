package dev.hourglass.cluster.redis;

import dev.hourglass.cluster.ChannelId;
import dev.hourglass.cluster.ClusterConfig;
import dev.hourglass.cluster.ClusterNode;
import dev.hourglass.cluster.Engine;
import dev.hourglass.cluster.EngineStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis engine: presence in hashes changed by Lua scripts that publish their events, publications on one Redis
 * channel per cluster channel, and a heartbeat per node. Two long-lived connections: one for commands (scripts and
 * publishes, pipelined, in call order; the publishes of one event-loop turn in one write) and one subscribed to the channels this node's connections need, so that an
 * instance receives only its own share of the traffic.
 * <p>
 * The subscription table here is the one record of what should be subscribed: after a lost connection the engine
 * reconnects with backoff, subscribes to all of it again, and tells the node it is back so that it restores its
 * members. While Redis is down, nothing is buffered: publications are dropped, joins are answered Unavailable.
 * Everything runs on the engine's own event-loop context; nothing blocks.
 */
public final class RedisEngine implements Engine {

    private static final Logger LOG = Logger.getLogger(RedisEngine.class);
    private static final long FIRST_RETRY_MS = 200;
    private static final long LAST_RETRY_MS = 5000;
    private static final int MAX_MISSED_LEAVES = 200_000;
    private static final int MAX_OUTBOX = 16_384;
    /** Channels of a dead node cleaned per script call, so that one call never holds Redis long. */
    private static final int REAP_BATCH = 256;
    /** Script calls per heartbeat tick for dead nodes: bounds the work one tick may do. */
    private static final int REAP_CALLS_PER_TICK = 64;
    /** Channels per SUBSCRIBE command when subscribing to all of them again. */
    private static final int SUBSCRIBE_BATCH = 1000;

    /** One subscribed channel: how many holders, and whether Redis confirmed it (null once it did). */
    private static final class Subscription {
        int holders;
        Promise<Void> confirmed = Promise.promise();
    }

    private final Redis redis;
    private final TransitSeal seal;
    private final ClusterNode node;
    private final RedisKeys keys;
    private final Vertx vertx;
    private final Context context;
    private final long nodeTimeoutMs;
    private final ConcurrentHashMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /**
     * Leaves made while Redis was unreachable, announced when it is back: the other nodes still count those members,
     * and Redis may have lost them (then no restore could tell). Bounded by what this node's connections can leave;
     * past the cap the oldest are dropped, and only their announcement is lost.
     */
    private final ArrayDeque<MissedLeave> missedLeaves = new ArrayDeque<>();

    private record MissedLeave(List<ChannelId> channels, String member) {
    }

    /**
     * Publications made during the current event-loop turn, sent together at its end in one write: one flush and one
     * system call for all of them instead of one each. Bounded: past the cap a publication is dropped, as while Redis
     * is down.
     */
    private final EngineStats stats = new EngineStats();
    private final ConcurrentLinkedQueue<Request> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outboxSize = new AtomicInteger();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private volatile RedisConnection commands;
    private volatile RedisConnection events;
    private volatile boolean available;
    /** Touched on the engine's context only. */
    private boolean connecting;
    private boolean everConnected;
    private long retryMs = FIRST_RETRY_MS;
    private long heartbeatTimer = -1;

    /** @param transitKey 32 bytes derived from the blinding key, alike on every instance: see {@link TransitSeal} */
    public RedisEngine(Redis redis, ClusterNode node, ClusterConfig config, Vertx vertx, byte[] transitKey) {
        this.redis = redis;
        this.seal = new TransitSeal(transitKey, node.id());
        this.node = node;
        this.keys = new RedisKeys(config.keyPrefix());
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.nodeTimeoutMs = config.nodeTimeout().toMillis();
    }

    public void start() {
        context.runOnContext(ignored -> {
            connect();
            heartbeatTimer = vertx.setPeriodic(Math.max(100, nodeTimeoutMs / 3), id -> heartbeat());
        });
    }

    /** Closes the connections without a word to the others: as an instance that is stopped, it times out. */
    public void stop() {
        context.runOnContext(ignored -> {
            vertx.cancelTimer(heartbeatTimer);
            available = false;
            connecting = true; // no reconnect
            closeConnections();
        });
    }

    @Override
    public EngineStats stats() {
        return stats;
    }

    @Override
    public boolean available() {
        return available;
    }

    // Connections

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        redis.connect().compose(first -> redis.connect().map(second -> List.of(first, second)).onFailure(failure -> first.close()))
                .onSuccess(pair -> connected(pair.get(0), pair.get(1)))
                .onFailure(failure -> retry("connect", failure));
    }

    private void connected(RedisConnection commandConnection, RedisConnection eventConnection) {
        commands = commandConnection;
        events = eventConnection;
        for (RedisConnection connection : List.of(commandConnection, eventConnection)) {
            connection.exceptionHandler(failure -> context.runOnContext(ignored -> lost(connection)));
            connection.endHandler(ignored -> context.runOnContext(v -> lost(connection)));
        }
        eventConnection.handler(this::onPush);
        boolean reconnect = everConnected;
        resubscribe().compose(subscribed -> beat()).onSuccess(known -> {
            connecting = false;
            retryMs = FIRST_RETRY_MS;
            everConnected = true;
            available = true;
            LOG.infof("cluster engine connected to Redis%s", reconnect ? " again; restoring this instance's presence" : "");
            if (reconnect) {
                node.restored();
                announceMissedLeaves();
                vertx.setTimer(nodeTimeoutMs, id -> context.runOnContext(v -> {
                    if (available) {
                        node.settle();
                    }
                }));
            }
        }).onFailure(failure -> {
            closeConnections();
            retry("set up", failure);
        });
    }

    private void retry(String what, Throwable failure) {
        stats.error();
        connecting = false;
        LOG.warnf("cluster engine could not %s its Redis connections (%s); retrying in %d ms", what, failure.getClass().getSimpleName(), retryMs);
        long delay = retryMs;
        retryMs = Math.min(LAST_RETRY_MS, retryMs * 2);
        vertx.setTimer(delay, id -> context.runOnContext(ignored -> connect()));
    }

    private void lost(RedisConnection connection) {
        if (connection != commands && connection != events) {
            return; // an earlier pair, already replaced
        }
        boolean wasAvailable = available;
        available = false;
        stats.error();
        closeConnections();
        // Every subscription needs Redis's confirmation again; those waiting for it are failed now.
        subscriptions.forEach((name, subscription) -> {
            Promise<Void> waiting = subscription.confirmed;
            subscription.confirmed = Promise.promise();
            if (waiting != null) {
                waiting.tryFail("the Redis connection was lost");
            }
        });
        if (wasAvailable) {
            LOG.warn("cluster engine lost its Redis connection; this instance carries on alone until it is back");
        }
        if (!connecting) {
            vertx.setTimer(retryMs, id -> context.runOnContext(ignored -> connect()));
        }
    }

    private void closeConnections() {
        RedisConnection c = commands;
        RedisConnection e = events;
        commands = null;
        events = null;
        if (c != null) {
            c.close();
        }
        if (e != null) {
            e.close();
        }
    }

    /** Subscribes to every channel in the table again; completes when Redis has confirmed them all. */
    private Future<Void> resubscribe() {
        List<String> names = new ArrayList<>(subscriptions.keySet());
        List<Future<Void>> confirmations = new ArrayList<>(names.size());
        for (int from = 0; from < names.size(); from += SUBSCRIBE_BATCH) {
            Request request = Request.cmd(Command.SUBSCRIBE);
            for (String name : names.subList(from, Math.min(names.size(), from + SUBSCRIBE_BATCH))) {
                Subscription subscription = subscriptions.get(name);
                if (subscription != null && subscription.confirmed != null) {
                    confirmations.add(subscription.confirmed.future());
                }
                request.arg(name);
            }
            events.send(request);
        }
        return Future.all(confirmations).mapEmpty();
    }

    private void onPush(Response push) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        if ("message".equals(kind)) {
            String name = push.get(1).toString();
            ChannelId channel = keys.channelOf(name);
            if (channel != null) {
                EventCodec.deliver(node, channel, name, push.get(2).toBuffer(), seal);
            }
        } else if ("subscribe".equals(kind)) {
            Promise<Void>[] confirmed = new Promise[1];
            subscriptions.computeIfPresent(push.get(1).toString(), (name, subscription) -> {
                confirmed[0] = subscription.confirmed;
                subscription.confirmed = null;
                return subscription;
            });
            if (confirmed[0] != null) {
                confirmed[0].tryComplete();
            }
        }
    }

    private void announceMissedLeaves() {
        List<MissedLeave> missed;
        synchronized (missedLeaves) {
            missed = new ArrayList<>(missedLeaves);
            missedLeaves.clear();
        }
        missed.forEach(leave -> runLeave(leave.channels(), leave.member(), true));
    }

    // Heartbeat and dead nodes

    private void heartbeat() {
        if (!available) {
            return;
        }
        beat().onSuccess(known -> {
            if (!known) {
                // The others took this node for dead (it was silent too long) or Redis lost everything.
                LOG.warn("cluster engine: this instance was unknown to Redis; restoring its presence");
                node.restored();
            }
            reap(REAP_CALLS_PER_TICK);
        });
    }

    private Future<Boolean> beat() {
        return run(Scripts.HEARTBEAT, List.of(keys.nodes()), List.of(node.id(), nodeTimeoutMs)).map(reply -> reply.toInteger() == 1);
    }

    private void reap(int callsLeft) {
        if (callsLeft == 0 || !available) {
            return;
        }
        run(Scripts.REAP, List.of(keys.nodes()), List.of(keys.prefix(), REAP_BATCH)).onSuccess(reply -> {
            if (reply.toInteger() > 0) {
                reap(callsLeft - 1);
            }
        });
    }

    private Future<Response> run(Script script, List<String> scriptKeys, List<?> args) {
        RedisConnection connection = commands;
        if (connection == null) {
            return Future.failedFuture("not connected to Redis");
        }
        if (Vertx.currentContext() == context) {
            // On the engine's own loop a send is written at once, ahead of the queued flush: publications made
            // before this script go first, so that a sender's leave never overtakes its last message.
            flushOutbox();
        }
        return script.run(connection::send, scriptKeys, args);
    }

    /** Sends what the outbox holds, in order, in one batch. On the engine's context. */
    private void flushOutbox() {
        flushScheduled.set(false);
        List<Request> batch = new ArrayList<>(Math.min(outboxSize.get(), MAX_OUTBOX));
        Request next;
        while ((next = outbox.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        outboxSize.addAndGet(-batch.size());
        RedisConnection connection = commands;
        if (connection == null) {
            batch.forEach(dropped -> stats.dropped());
            return;
        }
        long sent = System.nanoTime();
        connection.batch(batch).onComplete(done -> {
            if (done.succeeded()) {
                stats.batchLatency(System.nanoTime() - sent);
            } else {
                stats.error();
            }
        });
    }

    // Broker

    @Override
    public Future<Void> subscribe(ChannelId channel) {
        String name = keys.channel(channel);
        Future<Void>[] ready = new Future[1];
        subscriptions.compute(name, (key, subscription) -> {
            if (subscription == null) {
                subscription = new Subscription();
                // Sent on any connection there is, even one still being set up: a channel added after the set-up
                // took its list of channels to subscribe again must not be left out.
                RedisConnection connection = events;
                if (connection != null) {
                    connection.send(Request.cmd(Command.SUBSCRIBE).arg(key));
                }
            }
            subscription.holders++;
            ready[0] = subscription.confirmed == null ? Future.succeededFuture() : subscription.confirmed.future();
            return subscription;
        });
        return available ? ready[0] : Future.failedFuture("Redis is not reachable");
    }

    @Override
    public void unsubscribe(ChannelId channel) {
        Promise<Void>[] waiting = new Promise[1];
        subscriptions.computeIfPresent(keys.channel(channel), (key, subscription) -> {
            if (--subscription.holders > 0) {
                return subscription;
            }
            waiting[0] = subscription.confirmed;
            RedisConnection connection = events;
            if (connection != null) {
                connection.send(Request.cmd(Command.UNSUBSCRIBE).arg(key));
            }
            return null;
        });
        if (waiting[0] != null) {
            waiting[0].tryFail("unsubscribed");
        }
    }

    @Override
    public void publish(ChannelId channel, List<String> targets, Buffer payload) {
        RedisConnection connection = commands;
        if (!available || connection == null) {
            stats.dropped();
            return;
        }
        if (outboxSize.incrementAndGet() > MAX_OUTBOX) {
            outboxSize.decrementAndGet();
            stats.dropped();
            return;
        }
        String name = keys.channel(channel);
        outbox.add(Request.cmd(Command.PUBLISH).arg(name).arg(EventCodec.publication(node.id(), targets, payload, name, seal)));
        if (flushScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> flushOutbox());
        }
    }

    // Presence

    @Override
    public Future<Admission> join(List<ChannelId> channels, String member, int max) {
        if (!available) {
            return Future.succeededFuture(new Unavailable());
        }
        List<String> scriptKeys = new ArrayList<>(channels.size() + 1);
        List<Object> args = new ArrayList<>(channels.size() + 4);
        scriptKeys.add(keys.nodeIndex(node.id()));
        args.add(member);
        args.add(node.id());
        args.add(max);
        for (ChannelId channel : channels) {
            scriptKeys.add(keys.presence(channel));
            args.add(channel.name());
        }
        args.add(keys.prefix());
        return run(Scripts.JOIN, scriptKeys, args).<Admission>map(reply -> {
            int full = reply.toInteger();
            return full < 0 ? new Admitted() : new Full(full);
        }).otherwise(new Unavailable());
    }

    @Override
    public void leave(List<ChannelId> channels, String member) {
        if (!available) {
            synchronized (missedLeaves) {
                if (missedLeaves.size() == MAX_MISSED_LEAVES) {
                    missedLeaves.poll();
                }
                missedLeaves.add(new MissedLeave(channels, member));
            }
            return;
        }
        runLeave(channels, member, false);
    }

    private void runLeave(List<ChannelId> channels, String member, boolean always) {
        List<String> scriptKeys = new ArrayList<>(channels.size() + 1);
        List<Object> args = new ArrayList<>(channels.size() + 3);
        scriptKeys.add(keys.nodeIndex(node.id()));
        args.add(member);
        args.add(node.id());
        for (ChannelId channel : channels) {
            scriptKeys.add(keys.presence(channel));
            args.add(channel.name());
        }
        args.add(keys.prefix());
        args.add(always ? "1" : "0");
        run(Scripts.LEAVE, scriptKeys, args);
    }

    @Override
    public void settle(ChannelId channel) {
        run(Scripts.SNAPSHOT, List.of(keys.presence(channel)), List.of(channel.name(), keys.prefix()));
    }

    @Override
    public void restore(ChannelId channel, List<String> members) {
        List<Object> args = new ArrayList<>(members.size() + 3);
        args.add(node.id());
        args.add(channel.name());
        args.add(keys.prefix());
        args.addAll(members);
        run(Scripts.RESTORE, List.of(keys.nodeIndex(node.id()), keys.presence(channel)), args);
    }
}
