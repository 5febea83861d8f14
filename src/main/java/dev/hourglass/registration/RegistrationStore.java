package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;

import java.util.List;
import java.util.Optional;

/**
 * Where registrations live until their unit is over. The embedded default keeps them in memory;
 * a shared implementation (Redis) plugs in behind the same seam for several instances.
 * Everything that goes in or out is already blinded.
 */
public interface RegistrationStore {

    sealed interface Outcome permits Registered, Conflict, Full {
    }

    record Registered(Registration registration) implements Outcome {
    }

    /** The user id is registered with another public key (or the new request has none): no takeover. */
    record Conflict() implements Outcome {
    }

    /** The store is at its cap of live registrations. */
    record Full() implements Outcome {
    }

    /** Registers, or replaces the contact keys of an earlier registration of the same user in the same unit. */
    Outcome register(Registration registration);

    /** The live registration of a user id (blinded with the unit). */
    Optional<Registration> find(long unit, BlindedId user);

    /** Users that registered this contact key (blinded with the unit) in the unit, oldest first. */
    List<BlindedId> holders(long unit, BlindedId contactKey);

    /** Live registrations, approximately: expired entries may count until they are cleaned up. */
    long size();
}
