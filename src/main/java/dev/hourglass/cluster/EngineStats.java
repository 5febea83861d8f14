package dev.hourglass.cluster;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** What an engine counts of its own work, for the metrics: failures, publications dropped, batch round trips. */
public final class EngineStats {

    private final LongAdder errors = new LongAdder();
    private final LongAdder droppedPublications = new LongAdder();
    private volatile LongConsumer batchLatency = nanos -> {
    };

    /** Failed connections, lost connections and failed commands. */
    public long errors() {
        return errors.sum();
    }

    /** Publications not sent because the engine could not be reached or its outbox was full. */
    public long droppedPublications() {
        return droppedPublications.sum();
    }

    /** Where the round trip of each batch of publications goes, in nanoseconds. */
    public void onBatchLatency(LongConsumer consumer) {
        this.batchLatency = consumer;
    }

    public void error() {
        errors.increment();
    }

    public void dropped() {
        droppedPublications.increment();
    }

    public void batchLatency(long nanos) {
        batchLatency.accept(nanos);
    }
}
