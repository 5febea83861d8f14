package dev.hourglass.cluster;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.hourglass.support.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/** What every Broker does, run against each engine ({@link MemoryBrokerTest}, {@link RedisBrokerTest}). */
abstract class BrokerContract {

    private static final Duration QUIET = Duration.ofMillis(300);

    private EngineFixture fixture;
    private final Recorder a = new Recorder("node-aaaaaaaaaaaaaaaaa");
    private final Recorder b = new Recorder("node-bbbbbbbbbbbbbbbbb");
    private final Recorder c = new Recorder("node-ccccccccccccccccc");
    private Engine onA;
    private Engine onB;
    private Engine onC;

    protected abstract EngineFixture fixture() throws Exception;

    @BeforeEach
    void nodes() throws Exception {
        fixture = fixture();
        onA = fixture.engine(a);
        onB = fixture.engine(b);
        onC = fixture.engine(c);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aPublicationReachesEverySubscribedOtherNodeAndNeverItsSender() throws Exception {
        ChannelId channel = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onA.subscribe(channel));
        await(onB.subscribe(channel));

        onA.publish(channel, List.of(), Buffer.buffer("{\"from\":\"x\",\"type\":\"offer\"}"));

        Recorder.Event got = b.next("publication");
        assertThat(got.channel()).isEqualTo(channel);
        assertThat(got.publication().origin()).isEqualTo(a.id());
        assertThat(got.publication().targets()).isEmpty();
        assertThat(got.publication().payload().toString()).isEqualTo("{\"from\":\"x\",\"type\":\"offer\"}");
        a.expectNothing(QUIET);
        c.expectNothing(Duration.ZERO);
    }

    @Test
    void targetsAndBinaryPayloadsArriveAsSentAndInOrder() throws Exception {
        ChannelId channel = EngineFixture.channel(ChannelId.Kind.CONTACT_KEY);
        await(onB.subscribe(channel));
        String target = "peer-0123456789abcdefgh";
        for (int i = 0; i < 200; i++) {
            onA.publish(channel, List.of(target.substring(0, 22)), Buffer.buffer(new byte[] {(byte) i, 0, (byte) 0xff}));
        }
        for (int i = 0; i < 200; i++) {
            Publication publication = b.next("publication").publication();
            assertThat(publication.targets()).containsExactly(target.substring(0, 22));
            assertThat(publication.payload().getBytes()).containsExactly((byte) i, 0, (byte) 0xff);
        }
    }

    @Test
    void aChannelStaysSubscribedUntilEverySubscriptionIsGivenBack() throws Exception {
        ChannelId channel = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onB.subscribe(channel));
        await(onB.subscribe(channel));
        onB.unsubscribe(channel);
        onA.publish(channel, List.of(), Buffer.buffer("one"));
        assertThat(b.next("publication").publication().payload().toString()).isEqualTo("one");

        onB.unsubscribe(channel);
        // The unsubscribe travels on another connection than the next publication: give it the time to take effect.
        Thread.sleep(200);
        onA.publish(channel, List.of(), Buffer.buffer("two"));
        b.expectNothing(QUIET);
    }

    @Test
    void aNodeGetsOnlyTheChannelsItSubscribed() throws Exception {
        ChannelId mine = EngineFixture.channel(ChannelId.Kind.ROOM);
        ChannelId other = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onB.subscribe(mine));
        await(onC.subscribe(other));
        onA.publish(mine, List.of(), Buffer.buffer("for b"));
        onA.publish(other, List.of(), Buffer.buffer("for c"));
        assertThat(b.next("publication").publication().payload().toString()).isEqualTo("for b");
        assertThat(c.next("publication").publication().payload().toString()).isEqualTo("for c");
        b.expectNothing(QUIET);
        c.expectNothing(Duration.ZERO);
    }
}
