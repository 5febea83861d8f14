package dev.hourglass.realms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.NothingLeftBehind;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.RealmWire.Charter;
import dev.hourglass.support.RealmWire.Link;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.hourglass.support.RealmWire.accept;
import static dev.hourglass.support.RealmWire.admit;
import static dev.hourglass.support.RealmWire.auth;
import static dev.hourglass.support.RealmWire.challenge;
import static dev.hourglass.support.RealmWire.create;
import static dev.hourglass.support.RealmWire.identityId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Realms through real WebSocket clients holding BouncyCastle Ed25519 keys, in the memory mode. */
@QuarkusTest
class RealmTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @TestHTTPResource("/")
    protected URI base;

    @AfterEach
    void nothingLeftBehind() throws Exception {
        NothingLeftBehind.check();
    }

    /** A founder's connection, in its new realm. */
    private JsonNode founded(WsClient client, Charter charter, Ed25519TestKey founder) throws Exception {
        return client.send(create(charter, founder, challenge(client))).expect("realm-joined");
    }

    private JsonNode authenticated(WsClient client, Charter charter, Ed25519TestKey key, List<Link> chain) throws Exception {
        return client.send(auth(charter, key, chain, challenge(client))).expect("realm-joined");
    }

    private static void refused(WsClient client, Charter charter) throws Exception {
        JsonNode error = client.expectError("realm-refused");
        assertThat(error.path("message").asText()).isEqualTo("not admitted to this realm");
        assertThat(error.path("realm").asText()).isEqualTo(charter.realm());
    }

    @Test
    void aFounderCreatesARealmWhoseIdNamesItsKey() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        try (WsClient a = WsClient.connect(base)) {
            JsonNode joined = founded(a, charter, founder);
            assertThat(joined.path("realm").asText()).isEqualTo(charter.realm());
            assertThat(joined.path("identity").asText()).isEqualTo(identityId(founder)).hasSize(22);
            assertThat(joined.path("online")).isEmpty();
            assertThat(joined.path("identities")).hasSize(1);
            assertThat(joined.path("identities").get(0).path("key").asText()).isEqualTo(founder.publicKey());
            assertThat(joined.path("chain")).isEmpty();
            given().get("/health").then().body("realms", org.hamcrest.Matchers.equalTo(1));
        }
        // And back, as the founder, with nothing but its key and charter: no chain to carry.
        try (WsClient again = WsClient.connect(base)) {
            JsonNode joined = authenticated(again, charter, founder, List.of());
            assertThat(joined.path("identity").asText()).isEqualTo(identityId(founder));
        }
    }

    @Test
    void aBoundInvitationGivesTheInviteeItsChainAndTheMembersItsKey() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        String invitation = RealmWire.invitation();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            founded(a, charter, founder);
            Link admission = admit(charter, founder, bob);
            JsonNode invited = a.send(RealmWire.inviteBound(charter, invitation, bob, admission)).expect("realm-invited");
            assertThat(invited.path("bound").asBoolean()).isTrue();
            assertThat(invited.path("expiresAt").asText()).isNotBlank();

            JsonNode joined = b.send(accept(charter, bob, invitation, challenge(b))).expect("realm-joined");
            assertThat(joined.path("identity").asText()).isEqualTo(identityId(bob));
            assertThat(joined.path("online")).hasSize(1);
            assertThat(joined.path("online").get(0).path("identity").asText()).isEqualTo(identityId(founder));
            assertThat(joined.path("online").get(0).path("key").asText()).isEqualTo(founder.publicKey());
            assertThat(joined.path("identities")).hasSize(2);
            assertThat(RealmWire.chainOf(joined)).containsExactly(admission);

            JsonNode peer = a.expect("peer-joined");
            assertThat(peer.path("realm").asText()).isEqualTo(charter.realm());
            assertThat(peer.path("identity").asText()).isEqualTo(identityId(bob));
            assertThat(peer.path("key").asText()).isEqualTo(bob.publicKey());
        }
    }

    @Test
    void anEndorsedInviteeGetsBackInWithItsChainAndInvitesInTurn() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Ed25519TestKey carol = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        String link = RealmWire.invitation();
        List<Link> bobsChain;
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base)) {
            founded(a, charter, founder);
            a.send(RealmWire.invite(charter, link)).expect("realm-invited");
            JsonNode joined = b.send(accept(charter, bob, link, challenge(b))).expect("realm-joined");
            assertThat(joined.has("chain")).as("an unbound invitation carries no chain").isFalse();
            JsonNode peer = a.expect("peer-joined");
            // The founder's client endorses the key it was shown, over an a2b signal: the server relays it.
            Link admission = admit(charter, founder, bob);
            a.send("{\"type\":\"realm-signal\",\"realm\":\"" + charter.realm() + "\",\"to\":\"" + peer.path("identity").asText()
                    + "\",\"endorsement\":{\"key\":\"" + admission.key() + "\",\"signature\":\"" + admission.signature() + "\"}}");
            JsonNode endorsement = b.expect("realm-signal");
            assertThat(endorsement.path("from").asText()).isEqualTo(identityId(founder));
            bobsChain = List.of(new Link(endorsement.path("endorsement").path("key").asText(),
                    endorsement.path("endorsement").path("signature").asText()));
        }
        try (WsClient b = WsClient.connect(base); WsClient c = WsClient.connect(base)) {
            authenticated(b, charter, bob, bobsChain);
            String carolsInvitation = RealmWire.invitation();
            Link admission = admit(charter, bob, carol);
            b.send(RealmWire.inviteBound(charter, carolsInvitation, carol, admission)).expect("realm-invited");
            JsonNode joined = c.send(accept(charter, carol, carolsInvitation, challenge(c))).expect("realm-joined");
            List<Link> expected = new ArrayList<>(bobsChain);
            expected.add(admission);
            assertThat(RealmWire.chainOf(joined)).containsExactlyElementsOf(expected);
            b.expect("peer-joined");
            c.close();
            b.expect("peer-left");
            try (WsClient again = WsClient.connect(base)) {
                authenticated(again, charter, carol, expected);
                b.expect("peer-joined");
            }
        }
    }

    @Test
    void membersSignalOneSeveralOrAllWithTheirIdentityStamped() throws Exception {
        Ed25519TestKey[] keys = {new Ed25519TestKey(), new Ed25519TestKey(), new Ed25519TestKey()};
        Charter charter = RealmWire.found(keys[0]);
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base); WsClient c = WsClient.connect(base);
                WsClient outsider = WsClient.connect(base)) {
            founded(a, charter, keys[0]);
            authenticated(b, charter, keys[1], List.of(admit(charter, keys[0], keys[1])));
            a.expect("peer-joined");
            authenticated(c, charter, keys[2], List.of(admit(charter, keys[0], keys[2])));
            a.expect("peer-joined");
            b.expect("peer-joined");
            String realm = charter.realm();
            String alice = identityId(keys[0]), bob = identityId(keys[1]), carol = identityId(keys[2]);

            String a2b = "{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"to\":\"" + bob + "\",\"sdp\":\"offer\"}";
            a.send(a2b);
            assertThat(b.next()).isEqualTo(WsClient.withFrom(a2b, alice));
            c.expectNothing(QUIET);

            String a2g = "{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"to\":[\"" + alice + "\",\"" + carol + "\"],\"n\":1}";
            b.send(a2g);
            assertThat(a.next()).isEqualTo(WsClient.withFrom(a2g, bob));
            assertThat(c.next()).isEqualTo(WsClient.withFrom(a2g, bob));

            String a2n = "{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"hello\":\"all\"}";
            c.send(a2n);
            assertThat(a.next()).isEqualTo(WsClient.withFrom(a2n, carol));
            assertThat(b.next()).isEqualTo(WsClient.withFrom(a2n, carol));
            c.expectNothing(QUIET);

            // A forged from, an identity not online, a realm the sender is not in: error frames, nothing delivered.
            c.send("{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"from\":\"" + alice + "\"}").expectError("reserved-field");
            c.send("{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"to\":\"" + identityId(new Ed25519TestKey()) + "\"}")
                    .expectError("unknown-peer");
            outsider.send(a2n).expectError("not-in-realm");
            outsider.send("{\"type\":\"realm-signal\",\"realm\":\"" + realm + "\",\"to\":\"" + alice + "\"}").expectError("not-in-realm");
            a.expectNothing(QUIET);
            b.expectNothing(Duration.ZERO);
            outsider.expectNothing(Duration.ZERO);
        }
    }

    @Test
    void anIdentityOnlineFromTwoConnectionsLeavesWithItsLast() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        List<Link> chain = List.of(admit(charter, founder, bob));
        try (WsClient a = WsClient.connect(base); WsClient phone = WsClient.connect(base); WsClient laptop = WsClient.connect(base)) {
            founded(a, charter, founder);
            authenticated(phone, charter, bob, chain);
            a.expect("peer-joined");
            JsonNode second = authenticated(laptop, charter, bob, chain);
            assertThat(second.path("online")).hasSize(1);
            a.expectNothing(QUIET);

            String a2b = "{\"type\":\"realm-signal\",\"realm\":\"" + charter.realm() + "\",\"to\":\"" + identityId(bob) + "\"}";
            a.send(a2b);
            assertThat(phone.next()).isEqualTo(WsClient.withFrom(a2b, identityId(founder)));
            assertThat(laptop.next()).isEqualTo(WsClient.withFrom(a2b, identityId(founder)));

            phone.close();
            a.expectNothing(QUIET);
            laptop.send("{\"type\":\"realm-leave\",\"realm\":\"" + charter.realm() + "\"}").expect("realm-left");
            JsonNode left = a.expect("peer-left");
            assertThat(left.path("identity").asText()).isEqualTo(identityId(bob));
            laptop.send(a2b.replace(identityId(bob), identityId(founder))).expectError("not-in-realm");
        }
    }

    @Test
    void everyFailedProofGetsTheSameAnswer() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey stranger = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        try (WsClient a = WsClient.connect(base); WsClient s = WsClient.connect(base)) {
            founded(a, charter, founder);
            // The founder's key claimed by a stranger: the proof is signed by the wrong key.
            byte[] nonce = challenge(s);
            String claimed = auth(charter, stranger, List.of(), nonce).replace("\"key\":\"" + stranger.publicKey(), "\"key\":\"" + founder.publicKey());
            s.send(claimed);
            refused(s, charter);
            // Its own key, with no chain.
            s.send(auth(charter, stranger, List.of(), nonce));
            refused(s, charter);
            // A chain it signed itself.
            s.send(auth(charter, stranger, List.of(admit(charter, stranger, stranger)), nonce));
            refused(s, charter);
            // An unknown realm: a charter that does not hash to the id.
            Charter unknown = new Charter(charter.realm(), stranger.publicKey(), charter.salt());
            s.send(auth(unknown, stranger, List.of(), nonce));
            refused(s, charter);
            // The founder's own proof, replayed from the founder's connection: signed over another nonce.
            byte[] foundersNonce = challenge(a);
            a.expectNothing(Duration.ZERO);
            s.send(auth(charter, founder, List.of(), foundersNonce));
            refused(s, charter);
            s.send(accept(charter, stranger, RealmWire.invitation(), nonce));
            refused(s, charter);
            a.expectNothing(QUIET);
            s.assertAlive();
        }
    }

    @Test
    void anInvitationIsSpentOnceExpiresAndObeysItsBinding() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Ed25519TestKey bob = new Ed25519TestKey();
        Ed25519TestKey eve = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        try (WsClient a = WsClient.connect(base)) {
            founded(a, charter, founder);
            String once = RealmWire.invitation();
            a.send(RealmWire.invite(charter, once)).expect("realm-invited");
            try (WsClient b = WsClient.connect(base)) {
                b.send(accept(charter, bob, once, challenge(b))).expect("realm-joined");
                a.expect("peer-joined");
            }
            a.expect("peer-left");
            try (WsClient e = WsClient.connect(base)) {
                e.send(accept(charter, eve, once, challenge(e)));
                refused(e, charter);
            }

            String forBob = RealmWire.invitation();
            a.send(RealmWire.inviteBound(charter, forBob, bob, null)).expect("realm-invited");
            try (WsClient e = WsClient.connect(base)) {
                e.send(accept(charter, eve, forBob, challenge(e)));
                refused(e, charter);
            }
            try (WsClient b = WsClient.connect(base)) {
                JsonNode joined = b.send(accept(charter, bob, forBob, challenge(b))).expect("realm-joined");
                assertThat(joined.has("chain")).as("bound without an admission: no chain").isFalse();
                a.expect("peer-joined");
            }
            a.expect("peer-left");

            String brief = RealmWire.invitation();
            a.send(RealmWire.invite(charter, brief).replace("}", ",\"expiresIn\":1}")).expect("realm-invited");
            Thread.sleep(1100);
            try (WsClient b = WsClient.connect(base)) {
                b.send(accept(charter, bob, brief, challenge(b)));
                refused(b, charter);
            }
        }
    }

    @Test
    void aConnectionThatAsksForAChallengeMustGetInWithinTheDeadline() throws Exception {
        try (WsClient idle = WsClient.connect(base)) {
            challenge(idle);
            assertThat(idle.awaitClose(Duration.ofSeconds(6))).isEqualTo(4003);
        }
        Ed25519TestKey founder = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        try (WsClient member = WsClient.connect(base)) {
            founded(member, charter, founder);
            Thread.sleep(3500);
            member.assertAlive();
        }
        try (WsClient noChallenge = WsClient.connect(base)) {
            noChallenge.send(auth(charter, founder, List.of(), new byte[32])).expectError("bad-message");
            noChallenge.send("{\"type\":\"realm-fly\"}").expectError("unknown-type");
            noChallenge.send("{\"type\":\"realm-invite\",\"realm\":\"" + charter.realm() + "\",\"invitation\":\"" + RealmWire.invitation() + "\"}")
                    .expectError("not-in-realm");
            noChallenge.send("{\"type\":\"realm-auth\",\"realm\":\"x\"}").expectError("bad-message");
        }
    }

    @Test
    void theServerSignsANonceWithTheKeyItPublishes() throws Exception {
        String published = given().get("/config").then().statusCode(200).extract().path("identityKey");
        byte[] key = Base64.getUrlDecoder().decode(published);
        assertThat(key).hasSize(32);
        byte[] nonce = RealmWire.random(32);
        try (WsClient client = WsClient.connect(base)) {
            JsonNode proof = client.send("{\"type\":\"server-proof\",\"nonce\":\"" + RealmWire.b64(nonce) + "\"}").expect("server-proof");
            assertThat(proof.path("key").asText()).isEqualTo(published);
            byte[] signature = Base64.getUrlDecoder().decode(proof.path("signature").asText());
            byte[] signed = concat("hourglass server proof v1\0".getBytes(StandardCharsets.US_ASCII), nonce);
            assertThat(Ed25519.verify(signature, 0, key, 0, signed, 0, signed.length)).isTrue();
            byte[] other = nonce.clone();
            other[0] ^= 1;
            byte[] otherSigned = concat("hourglass server proof v1\0".getBytes(StandardCharsets.US_ASCII), other);
            assertThat(Ed25519.verify(signature, 0, key, 0, otherSigned, 0, otherSigned.length)).isFalse();
            client.send("{\"type\":\"server-proof\",\"nonce\":\"short\"}").expectError("bad-message");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
