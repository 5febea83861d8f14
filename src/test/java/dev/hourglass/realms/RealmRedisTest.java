package dev.hourglass.realms;

import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.RealmWire.Charter;
import dev.hourglass.support.RedisMode;
import dev.hourglass.support.RedisResource;
import dev.hourglass.support.RedisServer;
import dev.hourglass.support.WsClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test of {@link RealmTest} on one instance in the Redis mode: invitations and known identities in Redis. */
@QuarkusTest
@TestProfile(RedisMode.class)
class RealmRedisTest extends RealmTest {

    @Test
    void redisHoldsNoRealmIdIdentityKeyOrInvitationInTheClear() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        String invitation = RealmWire.invitation();
        try (WsClient a = WsClient.connect(base)) {
            a.send(RealmWire.create(charter, founder, RealmWire.challenge(a))).expect("realm-joined");
            a.send(RealmWire.inviteBound(charter, invitation, bob, RealmWire.admit(charter, founder, bob))).expect("realm-invited");
            RedisServer redis = RedisResource.server();
            String keys = redis.cli("--scan", "--pattern", "hg:m:*");
            assertThat(keys.lines().count()).as("this realm's two hashes, and those of earlier tests").isGreaterThanOrEqualTo(2);
            StringBuilder dump = new StringBuilder(keys);
            for (String quoted : keys.lines().toList()) {
                String key = quoted.replace("\"", "").trim();
                dump.append(redis.cli("HGETALL", key));
                assertThat(Long.parseLong(redis.cli("PTTL", key).replace("(integer)", "").trim())).as("idle expiry of " + key).isPositive();
            }
            for (String secret : List.of(charter.realm(), founder.publicKey(), bob.publicKey(), RealmWire.identityId(founder),
                    RealmWire.identityId(bob), invitation)) {
                assertThat(dump.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void afterARedisFlushMembersGetBackInWithTheirChains() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        String invitation = RealmWire.invitation();
        List<RealmWire.Link> chain;
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            a.send(RealmWire.create(charter, founder, RealmWire.challenge(a))).expect("realm-joined");
            a.send(RealmWire.inviteBound(charter, invitation, bob, RealmWire.admit(charter, founder, bob))).expect("realm-invited");
            chain = RealmWire.chainOf(b.send(RealmWire.accept(charter, bob, invitation, RealmWire.challenge(b))).expect("realm-joined"));
            a.expect("peer-joined");
        }
        RedisResource.server().cli("FLUSHALL");
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            JsonNode back = a.send(RealmWire.auth(charter, founder, List.of(), RealmWire.challenge(a))).expect("realm-joined");
            assertThat(back.path("identities")).hasSize(1);
            b.send(RealmWire.auth(charter, bob, chain, RealmWire.challenge(b))).expect("realm-joined");
            a.expect("peer-joined");
        }
    }
}
