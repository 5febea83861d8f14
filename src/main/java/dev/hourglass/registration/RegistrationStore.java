package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Where registrations live until their unit is over. The embedded default keeps them in memory; the Redis one is
 * shared by the instances of a cluster. Everything that goes in or out is already blinded. Answers are futures,
 * completed at once by the memory store, on the caller's context by the Redis one.
 */
public interface RegistrationStore {

    sealed interface Outcome permits Registered, Conflict, Full, Unavailable {
    }

    record Registered(Registration registration) implements Outcome {
    }

    /** The user id is registered with another public key (or the new request has none): no takeover. */
    record Conflict() implements Outcome {
    }

    /** The store is at its cap of live registrations. */
    record Full() implements Outcome {
    }

    /** The store cannot be reached (Redis is down): nothing changed. */
    record Unavailable() implements Outcome {
    }

    /** Registers, or replaces the contact keys of an earlier registration of the same user in the same unit. */
    Future<Outcome> register(Registration registration);

    /** The live registration of a user id (blinded with the unit). */
    Future<Optional<Registration>> find(long unit, BlindedId user);

    /** Users that registered this contact key (blinded with the unit) in the unit, oldest first. */
    Future<List<BlindedId>> holders(long unit, BlindedId contactKey);

    /** Live registrations, approximately: expired entries may count until they are cleaned up. */
    Future<Long> size();
}
