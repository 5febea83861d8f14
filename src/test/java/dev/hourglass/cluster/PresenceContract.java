package dev.hourglass.cluster;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.hourglass.support.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

/** What every Presence does, run against each engine ({@link MemoryPresenceTest}, {@link RedisPresenceTest}). */
abstract class PresenceContract {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String ALICE = "alice-0000000000000000";
    private static final String BOB = "bob-000000000000000000";
    private static final String CAROL = "carol-0000000000000000";

    private EngineFixture fixture;
    private final Recorder a = new Recorder("node-aaaaaaaaaaaaaaaaa");
    private final Recorder b = new Recorder("node-bbbbbbbbbbbbbbbbb");
    private Engine onA;
    private Engine onB;

    protected abstract EngineFixture fixture() throws Exception;

    @BeforeEach
    void nodes() throws Exception {
        fixture = fixture();
        onA = fixture.engine(a);
        onB = fixture.engine(b);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::id).toList();
    }

    @Test
    void aJoinIsAnnouncedToEverySubscribedNodeItsOwnIncludedWithAllMembers() throws Exception {
        ChannelId room = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onA.subscribe(room));
        await(onB.subscribe(room));

        assertThat(await(onA.join(List.of(room), ALICE, 10))).isInstanceOf(Presence.Admitted.class);
        for (Recorder node : List.of(a, b)) {
            Recorder.Event join = node.next("join");
            assertThat(join.member()).isEqualTo(ALICE);
            assertThat(join.members()).containsExactly(new Member(ALICE, a.id()));
        }
        assertThat(await(onB.join(List.of(room), BOB, 10))).isInstanceOf(Presence.Admitted.class);
        for (Recorder node : List.of(a, b)) {
            Recorder.Event join = node.next("join");
            assertThat(join.member()).isEqualTo(BOB);
            assertThat(ids(join.members())).containsExactlyInAnyOrder(ALICE, BOB);
        }
    }

    @Test
    void theCapCountsMembersOfEveryNodeAndAFullJoinChangesNothing() throws Exception {
        ChannelId open = EngineFixture.channel(ChannelId.Kind.CONTACT_KEY);
        ChannelId crowded = EngineFixture.channel(ChannelId.Kind.CONTACT_KEY);
        await(onA.subscribe(open));
        await(onA.subscribe(crowded));
        assertThat(await(onA.join(List.of(crowded), ALICE, 2))).isInstanceOf(Presence.Admitted.class);
        assertThat(await(onB.join(List.of(crowded), BOB, 2))).isInstanceOf(Presence.Admitted.class);
        a.next("join");
        a.next("join");

        Presence.Admission third = await(onB.join(List.of(open, crowded), CAROL, 2));
        assertThat(third).isEqualTo(new Presence.Full(1));
        a.expectNothing(QUIET);
        // Nothing changed on the channel that had room: Carol is not in it.
        assertThat(await(onA.join(List.of(open), ALICE, 1))).isInstanceOf(Presence.Admitted.class);
        assertThat(ids(a.next("join").members())).containsExactly(ALICE);
    }

    @Test
    void aJoinComesBeforeEveryLaterEventOfItsChannel() throws Exception {
        ChannelId room = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onA.subscribe(room));
        await(onB.subscribe(room));
        await(onB.join(List.of(room), BOB, 10));
        b.next("join");
        onB.publish(room, List.of(), Buffer.buffer("after bob joined"));
        assertThat(a.next("join").member()).isEqualTo(BOB);
        assertThat(a.next("publication").publication().payload().toString()).isEqualTo("after bob joined");
    }

    @Test
    void aLeaveIsAnnouncedToTheOtherNodesAndFreesTheSeat() throws Exception {
        ChannelId room = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onA.subscribe(room));
        await(onB.subscribe(room));
        await(onA.join(List.of(room), ALICE, 1));
        a.next("join");
        b.next("join");

        onA.leave(List.of(room), ALICE);
        assertThat(b.next("leave").member()).isEqualTo(ALICE);
        a.expectNothing(QUIET);
        assertThat(await(onB.join(List.of(room), BOB, 1))).isInstanceOf(Presence.Admitted.class);
    }

    @Test
    void theMembersOfANodeThatDiesAreAnnouncedAsLeftWithinTheBound() throws Exception {
        ChannelId room = EngineFixture.channel(ChannelId.Kind.ROOM);
        ChannelId key = EngineFixture.channel(ChannelId.Kind.CONTACT_KEY);
        await(onA.subscribe(room));
        await(onB.subscribe(room));
        await(onB.subscribe(key));
        await(onA.join(List.of(room, key), ALICE, 10));
        await(onB.join(List.of(room), BOB, 10));
        for (int i = 0; i < 3; i++) {
            b.next("join");
        }

        long start = System.nanoTime();
        fixture.kill(a);
        Recorder.Event first = b.next("leave", fixture.deathBound());
        Recorder.Event second = b.next("leave", fixture.deathBound());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(fixture.deathBound());
        assertThat(List.of(first.channel(), second.channel())).containsExactlyInAnyOrder(room, key);
        assertThat(List.of(first.member(), second.member())).containsOnly(ALICE);
        // The dead node's seat is free again; Bob stays.
        assertThat(await(onB.join(List.of(room), CAROL, 2))).isInstanceOf(Presence.Admitted.class);
        assertThat(ids(b.next("join").members())).containsExactlyInAnyOrder(BOB, CAROL);
    }

    @Test
    void aSettleSendsEveryNodeASnapshotInTheChannelsOrder() throws Exception {
        ChannelId room = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onA.subscribe(room));
        await(onB.subscribe(room));
        await(onB.join(List.of(room), BOB, 10));
        onA.settle(room);
        for (Recorder node : List.of(a, b)) {
            assertThat(node.next("join").member()).isEqualTo(BOB);
            Recorder.Event snapshot = node.next("sync");
            assertThat(snapshot.member()).as("a snapshot speaks for no node in particular").isNull();
            assertThat(ids(snapshot.members())).containsExactly(BOB);
        }
    }

    @Test
    void aRestoreMakesTheNodesMembersExactlyTheGivenOnesAndSyncsEveryNode() throws Exception {
        ChannelId room = EngineFixture.channel(ChannelId.Kind.ROOM);
        await(onA.subscribe(room));
        await(onB.subscribe(room));
        await(onA.join(List.of(room), ALICE, 10));
        await(onB.join(List.of(room), BOB, 10));
        for (int i = 0; i < 2; i++) {
            a.next("join");
            b.next("join");
        }

        onA.restore(room, List.of(CAROL));

        assertThat(b.next("leave").member()).as("the stale member goes, with a leave").isEqualTo(ALICE);
        for (Recorder node : List.of(a, b)) {
            Recorder.Event sync = node.next("sync");
            assertThat(sync.member()).as("the sync names the node that restored").isEqualTo(a.id());
            assertThat(ids(sync.members())).containsExactlyInAnyOrder(BOB, CAROL);
        }
    }
}
