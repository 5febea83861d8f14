package dev.hourglass.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.AppInstance;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.RealmWire.Charter;
import dev.hourglass.support.RealmWire.Link;
import dev.hourglass.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application, started twice in the memory mode: what the first process knew of a realm dies with it,
 * and its members get back in with only what their clients kept (the charter and their chains); a client that knows
 * the realm id, or holds an invitation the first process issued, does not.
 */
class RealmRestartIT {

    private static final Map<String, String> CONFIG = Map.of("hourglass.shutdown.drain", "PT0.2S");

    @Test
    void membersGetBackInAfterARestartWithWhatTheirClientsKeptAndStrangersDoNot() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Ed25519TestKey carol = new Ed25519TestKey();
        Ed25519TestKey stranger = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        List<Link> bobsChain;
        List<Link> carolsChain;
        String spare = RealmWire.invitation();
        String serverKey;
        try (AppInstance first = new AppInstance("realm-first", CONFIG).start()) {
            serverKey = given().baseUri(first.base().toString()).get("/config").then().extract().path("identityKey");
            try (WsClient a = WsClient.connect(first.base()); WsClient b = WsClient.connect(first.base());
                    WsClient c = WsClient.connect(first.base())) {
                a.send(RealmWire.create(charter, founder, RealmWire.challenge(a))).expect("realm-joined");
                // Bob by a bound invitation the founder signed (the QR flow): his chain comes with realm-joined.
                String forBob = RealmWire.invitation();
                a.send(RealmWire.inviteBound(charter, forBob, bob, RealmWire.admit(charter, founder, bob))).expect("realm-invited");
                bobsChain = RealmWire.chainOf(b.send(RealmWire.accept(charter, bob, forBob, RealmWire.challenge(b))).expect("realm-joined"));
                assertThat(bobsChain).hasSize(1);
                a.expect("peer-joined");
                // Carol by a link; Bob endorses her over an a2b signal once she is in.
                String link = RealmWire.invitation();
                b.send(RealmWire.invite(charter, link)).expect("realm-invited");
                a.send(RealmWire.invite(charter, spare)).expect("realm-invited");
                c.send(RealmWire.accept(charter, carol, link, RealmWire.challenge(c))).expect("realm-joined");
                a.expect("peer-joined");
                b.expect("peer-joined");
                Link endorsement = RealmWire.admit(charter, bob, carol);
                b.send("{\"type\":\"realm-signal\",\"realm\":\"" + charter.realm() + "\",\"to\":\"" + RealmWire.identityId(carol)
                        + "\",\"endorsement\":{\"key\":\"" + endorsement.key() + "\",\"signature\":\"" + endorsement.signature() + "\"}}");
                JsonNode got = c.expect("realm-signal");
                assertThat(got.path("from").asText()).isEqualTo(RealmWire.identityId(bob));
                carolsChain = List.of(bobsChain.get(0), new Link(got.path("endorsement").path("key").asText(),
                        got.path("endorsement").path("signature").asText()));
            }
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(20))).isIn(0, 143);
        }

        try (AppInstance second = new AppInstance("realm-second", CONFIG).start()) {
            String newKey = given().baseUri(second.base().toString()).get("/config").then().extract().path("identityKey");
            assertThat(newKey).as("no hourglass.identity.key: a new identity per start").isNotEqualTo(serverKey);
            try (WsClient a = WsClient.connect(second.base()); WsClient b = WsClient.connect(second.base());
                    WsClient c = WsClient.connect(second.base()); WsClient s = WsClient.connect(second.base())) {
                byte[] strangersNonce = RealmWire.challenge(s);
                // Knowing the realm id is not enough: as the founder without its key, with its own key, with a spent process's invitation.
                s.send(RealmWire.auth(charter, stranger, List.of(), strangersNonce));
                s.expectError("realm-refused");
                s.send(RealmWire.auth(new Charter(charter.realm(), stranger.publicKey(), charter.salt()), stranger, List.of(), strangersNonce));
                s.expectError("realm-refused");
                s.send(RealmWire.accept(charter, stranger, spare, strangersNonce));
                s.expectError("realm-refused");

                JsonNode founderBack = a.send(RealmWire.auth(charter, founder, List.of(), RealmWire.challenge(a))).expect("realm-joined");
                assertThat(founderBack.path("identities")).as("the new process knows only who came back").hasSize(1);
                JsonNode bobBack = b.send(RealmWire.auth(charter, bob, bobsChain, RealmWire.challenge(b))).expect("realm-joined");
                assertThat(bobBack.path("online").get(0).path("identity").asText()).isEqualTo(RealmWire.identityId(founder));
                a.expect("peer-joined");
                c.send(RealmWire.auth(charter, carol, carolsChain, RealmWire.challenge(c))).expect("realm-joined");
                assertThat(a.expect("peer-joined").path("key").asText()).isEqualTo(carol.publicKey());
                b.expect("peer-joined");
                assertThat(s.awaitClose(Duration.ofSeconds(6))).as("the stranger's deadline").isEqualTo(4003);
            }
        }
    }
}
