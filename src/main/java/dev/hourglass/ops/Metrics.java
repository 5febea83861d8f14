package dev.hourglass.ops;

import dev.hourglass.cluster.ClusterMode;
import dev.hourglass.cluster.Engine;
import dev.hourglass.cluster.EngineStats;
import dev.hourglass.contacts.ContactRouting;
import dev.hourglass.problem.ProblemCounts;
import dev.hourglass.registration.RegisterRoute;
import dev.hourglass.registration.RegistrationService;
import dev.hourglass.relay.RelayEndpoint;
import dev.hourglass.rooms.RoomRelay;
import dev.hourglass.signaling.ErrorCode;
import dev.hourglass.transport.EndpointStats;
import dev.hourglass.transport.UpgradeRefusal;
import dev.hourglass.transport.WebSocketTransport;
import dev.hourglass.realms.RealmRouting;
import dev.hourglass.yjs.YjsEndpoint;
import dev.hourglass.yjs.YjsError;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The server's own metrics, at /q/metrics, named hourglass_…: counts only. Every label value comes from the server's
 * code (an endpoint, an error code, a close code, a problem type), never from a client, so the label sets are fixed
 * and nothing a client sent or chose appears. The hot path only bumps adders the server keeps anyway; this class
 * reads them when Prometheus scrapes.
 */
@Singleton
class Metrics {

    /** How often the live registrations are counted (in the Redis mode a round trip; a gauge must not wait for one). */
    static final Duration REGISTRATIONS_REFRESH = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final WebSocketTransport transport;
    private final RoomRelay rooms;
    private final ContactRouting contacts;
    private final RelayEndpoint relay;
    private final YjsEndpoint yjs;
    private final RealmRouting realms;
    private final RegisterRoute register;
    private final RegistrationService registrations;
    private final Engine engine;
    private final ClusterMode mode;
    private final Vertx vertx;
    private final AtomicLong liveRegistrations = new AtomicLong(-1);

    Metrics(MeterRegistry registry, WebSocketTransport transport, RoomRelay rooms, ContactRouting contacts, RelayEndpoint relay,
            YjsEndpoint yjs, RealmRouting realms, RegisterRoute register, RegistrationService registrations, Engine engine, ClusterMode mode, Vertx vertx) {
        this.registry = registry;
        this.transport = transport;
        this.rooms = rooms;
        this.contacts = contacts;
        this.relay = relay;
        this.yjs = yjs;
        this.realms = realms;
        this.register = register;
        this.registrations = registrations;
        this.engine = engine;
        this.mode = mode;
        this.vertx = vertx;
    }

    void bind(@Observes StartupEvent event) {
        for (EndpointStats endpoint : transport.endpoints()) {
            bindEndpoint(endpoint);
        }
        gauge("hourglass.rooms", "/ws rooms with a member on this instance", rooms, RoomRelay::rooms);
        gauge("hourglass.contact.keys", "contact keys listened on by a bound connection of this instance", contacts, ContactRouting::listenedKeys);
        gauge("hourglass.relay.rooms", "y-websocket relay rooms with a connection on this instance", relay, RelayEndpoint::rooms);
        gauge("hourglass.yjs.topics", "y-webrtc topics with a subscriber on this instance", yjs, YjsEndpoint::topics);
        gauge("hourglass.realms", "realms with a member online on this instance", realms, RealmRouting::realms);
        gauge("hourglass.registrations", "live registrations (the cluster's in the Redis mode); -1 while they cannot be counted",
                liveRegistrations, AtomicLong::get);
        refreshRegistrations();
        vertx.setPeriodic(REGISTRATIONS_REFRESH.toMillis(), id -> refreshRegistrations());

        FunctionCounter.builder("hourglass.register.answers", register, RegisterRoute::registered)
                .description("answers to POST /register by status and outcome (registered, or the problem type)")
                .tags("status", "202", "outcome", "registered").register(registry);
        ProblemCounts.watch((key, adder) -> FunctionCounter.builder("hourglass.register.answers", adder, LongAdder::sum)
                .description("answers to POST /register by status and outcome (registered, or the problem type)")
                .tags("status", Integer.toString(key.status()), "outcome", key.type()).register(registry));

        for (ErrorCode code : ErrorCode.values()) {
            refusal("ws", code.wire, code, ErrorCode::sent);
        }
        for (YjsError code : YjsError.values()) {
            refusal("yjs", code.wire, code, YjsError::sent);
        }
        if (mode.cluster() == ClusterMode.Mode.REDIS) {
            bindEngine(engine.stats());
        }
    }

    private void bindEndpoint(EndpointStats endpoint) {
        String name = endpoint.name();
        Gauge.builder("hourglass.connections", endpoint, EndpointStats::openConnections)
                .description("open WebSocket connections").tag("endpoint", name).register(registry);
        counter("hourglass.messages.received", "whole messages received from clients", name, endpoint, EndpointStats::messagesReceived);
        counter("hourglass.received.bytes", "bytes of the messages received from clients", name, endpoint, EndpointStats::bytesReceived);
        counter("hourglass.messages.sent", "messages written to clients (relayed and the server's own)", name, endpoint,
                EndpointStats::messagesSent);
        for (UpgradeRefusal reason : UpgradeRefusal.values()) {
            FunctionCounter.builder("hourglass.upgrade.refusals", endpoint, stats -> stats.refusals(reason))
                    .description("WebSocket upgrades refused before any connection existed, by reason")
                    .tags("endpoint", name, "reason", reason.type).register(registry);
        }
        for (short code : EndpointStats.SERVER_CLOSE_CODES) {
            close(name, endpoint, Short.toString(code), stats -> stats.serverCloses(code));
        }
        close(name, endpoint, "other", EndpointStats::otherServerCloses);
        close(name, endpoint, "client", EndpointStats::clientCloses);
        counter("hourglass.slow.consumer.closes", "connections closed as slow consumers (4001)", name, endpoint,
                stats -> stats.serverCloses(dev.hourglass.transport.CloseCodes.SLOW_CONSUMER));
    }

    private void close(String endpoint, EndpointStats stats, String code, ToDoubleFunction<EndpointStats> count) {
        FunctionCounter.builder("hourglass.closes", stats, count)
                .description("closed connections by the code the server closed them with; client: the client or the network ended it")
                .tags("endpoint", endpoint, "code", code).register(registry);
    }

    private void counter(String name, String description, String endpoint, EndpointStats stats, ToDoubleFunction<EndpointStats> count) {
        FunctionCounter.builder(name, stats, count).description(description).tag("endpoint", endpoint).register(registry);
    }

    private <T> void refusal(String endpoint, String reason, T code, ToDoubleFunction<T> count) {
        FunctionCounter.builder("hourglass.refusals", code, count)
                .description("error frames sent, by endpoint and error code")
                .tags("endpoint", endpoint, "reason", reason).register(registry);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    private void bindEngine(EngineStats stats) {
        FunctionCounter.builder("hourglass.redis.errors", stats, EngineStats::errors)
                .description("Redis connections failed or lost, and commands failed").register(registry);
        FunctionCounter.builder("hourglass.redis.dropped.publications", stats, EngineStats::droppedPublications)
                .description("publications not sent because Redis could not be reached or the outbox was full").register(registry);
        Gauge.builder("hourglass.redis.available", engine, reachable -> reachable.available() ? 1 : 0)
                .description("1 while Redis can be reached").register(registry);
        Timer latency = Timer.builder("hourglass.redis.publish.latency")
                .description("round trip of each batch of publications to Redis").publishPercentiles(0.5, 0.99).register(registry);
        stats.onBatchLatency(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
    }

    private void refreshRegistrations() {
        registrations.liveRegistrations().onComplete(count -> liveRegistrations.set(count.succeeded() ? count.result() : -1));
    }
}
