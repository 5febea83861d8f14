package dev.hourglass.registration;

class InMemoryRegistrationStoreTest extends RegistrationStoreContract {

    @Override
    protected RegistrationStore store(int maxRegistrations, int maxHolders) {
        return new InMemoryRegistrationStore(units, config(maxRegistrations, maxHolders));
    }

}
