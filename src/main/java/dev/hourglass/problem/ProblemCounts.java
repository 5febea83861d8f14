package dev.hourglass.problem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * How many problems of each status and type the plain HTTP routes (POST /register) answered. Types come from the server's code, never from a
 * request, so there are as many counters as the code has types. The metrics learn of each counter when it is made.
 */
public final class ProblemCounts {

    /** A status and a problem type: one counter. */
    public record Key(int status, String type) {
    }

    private static final Map<Key, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static volatile BiConsumer<Key, LongAdder> onNew = (key, adder) -> {
    };

    private ProblemCounts() {
    }

    static void count(Problem problem) {
        String type = problem.type().substring(problem.type().lastIndexOf(':') + 1);
        COUNTS.computeIfAbsent(new Key(problem.status(), type), key -> {
            LongAdder adder = new LongAdder();
            onNew.accept(key, adder);
            return adder;
        }).increment();
    }

    /** Calls {@code listener} for every counter there is and for each one made from now on. */
    public static synchronized void watch(BiConsumer<Key, LongAdder> listener) {
        onNew = listener;
        COUNTS.forEach(listener);
    }
}
