package dev.hourglass.registration;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRegistrationStoreTest extends RegistrationStoreContract {

    @Override
    protected RegistrationStore store(int maxRegistrations, int maxHolders) {
        return new InMemoryRegistrationStore(units, config(maxRegistrations, maxHolders));
    }

    /** The memory store keeps the object itself, and a repeat keeps the stored one: nothing new for the collector. */
    @Override
    protected void assertIsStored(Registration answered, Registration stored) {
        assertThat(answered).isSameAs(stored);
    }
}
