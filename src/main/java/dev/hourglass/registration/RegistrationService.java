package dev.hourglass.registration;

import dev.hourglass.crypto.BlindedId;
import dev.hourglass.crypto.Blinder;
import dev.hourglass.crypto.Blinder.Kind;
import dev.hourglass.time.TimeUnits;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Blinds identifiers on their way into and out of the {@link RegistrationStore}: the store never sees one in the clear. */
@Singleton
public class RegistrationService {

    private final RegistrationStore store;
    private final Blinder blinder;
    private final TimeUnits units;

    public RegistrationService(RegistrationStore store, Blinder blinder, TimeUnits units) {
        this.store = store;
        this.blinder = blinder;
        this.units = units;
    }

    Future<RegistrationStore.Outcome> register(RegisterCommand command) {
        // The parser hands over distinct keys, so their blinded forms are distinct too (Set.of would refuse a repeat).
        List<byte[]> keys = command.contactKeys();
        BlindedId[] contactKeys = new BlindedId[keys.size()];
        for (int i = 0; i < contactKeys.length; i++) {
            contactKeys[i] = blindContactKey(command.unit(), keys.get(i));
        }
        Registration registration = new Registration(blindUser(command.unit(), command.user()), command.unit(), Set.of(contactKeys),
                command.publicKey(), units.expiryOf(command.unit()));
        return store.register(registration);
    }

    /** The live registration of a user id in a unit. */
    public Future<Optional<Registration>> find(long unit, byte[] user) {
        return store.find(unit, blindUser(unit, user));
    }

    /** The live registration of a user id already blinded with this unit. */
    public Future<Optional<Registration>> find(long unit, BlindedId user) {
        return store.find(unit, user);
    }

    /** Users that registered this contact key in this unit, oldest first. */
    public Future<List<BlindedId>> holders(long unit, byte[] contactKey) {
        return store.holders(unit, blindContactKey(unit, contactKey));
    }

    public BlindedId blindUser(long unit, byte[] user) {
        return blinder.blind(Kind.USER, unit, user);
    }

    public BlindedId blindContactKey(long unit, byte[] contactKey) {
        return blinder.blind(Kind.CONTACT_KEY, unit, contactKey);
    }

    public Future<Long> liveRegistrations() {
        return store.size();
    }
}
