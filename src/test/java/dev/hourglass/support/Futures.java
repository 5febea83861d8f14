package dev.hourglass.support;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/** Waits for a Vert.x future in a test thread (never on an event loop). */
public final class Futures {

    private Futures() {
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the future did not complete with a value", e);
        }
    }
}
