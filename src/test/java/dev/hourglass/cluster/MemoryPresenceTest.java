package dev.hourglass.cluster;

class MemoryPresenceTest extends PresenceContract {

    @Override
    protected EngineFixture fixture() {
        return new EngineFixture.Memory();
    }
}
