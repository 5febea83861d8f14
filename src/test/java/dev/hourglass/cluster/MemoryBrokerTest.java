package dev.hourglass.cluster;

class MemoryBrokerTest extends BrokerContract {

    @Override
    protected EngineFixture fixture() {
        return new EngineFixture.Memory();
    }
}
