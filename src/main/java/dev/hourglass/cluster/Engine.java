package dev.hourglass.cluster;

/** A broker and presence together: the in-memory one for a single instance, Redis for a cluster. */
public interface Engine extends Broker, Presence {

    /** Whether the engine can be reached now; readiness follows it. */
    boolean available();

    /** Its counts (the memory engine's stay at zero: it cannot fail or drop). */
    EngineStats stats();
}
