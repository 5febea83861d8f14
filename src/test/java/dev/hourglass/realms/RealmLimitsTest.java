package dev.hourglass.realms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hourglass.support.Ed25519TestKey;
import dev.hourglass.support.RealmWire;
import dev.hourglass.support.RealmWire.Charter;
import dev.hourglass.support.RealmWire.Link;
import dev.hourglass.support.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hourglass.support.RealmWire.admit;
import static dev.hourglass.support.RealmWire.auth;
import static dev.hourglass.support.RealmWire.challenge;
import static dev.hourglass.support.RealmWire.create;
import static org.assertj.core.api.Assertions.assertThat;

/** Every realm limit, each refused with its own error frame while the connection stays served. */
@QuarkusTest
@TestProfile(RealmLimitsTest.Small.class)
class RealmLimitsTest {

    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hourglass.realms.max-realms-per-connection", "2",
                    "hourglass.realms.max-members-per-realm", "2",
                    "hourglass.realms.max-identities-per-realm", "3",
                    "hourglass.realms.max-invitations-per-member", "2",
                    "hourglass.realms.max-chain-length", "2",
                    "hourglass.realms.max-invitation-lifetime", "PT1H",
                    "hourglass.realms.auth-deadline", "PT1S");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aConnectionIsInAsManyRealmsAsAllowed() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        try (WsClient a = WsClient.connect(base)) {
            byte[] nonce = challenge(a);
            a.send(create(RealmWire.found(founder), founder, nonce)).expect("realm-joined");
            Charter second = RealmWire.found(founder);
            a.send(create(second, founder, nonce)).expect("realm-joined");
            a.send(create(second, founder, nonce)).expectError("already-joined");
            a.send(create(RealmWire.found(founder), founder, nonce)).expectError("too-many-realms");
            a.send("{\"type\":\"realm-leave\",\"realm\":\"" + second.realm() + "\"}").expect("realm-left");
            a.send(create(RealmWire.found(founder), founder, nonce)).expect("realm-joined");
        }
    }

    @Test
    void aRealmHoldsAsManyConnectionsIdentitiesAndChainLinksAsAllowed() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        Ed25519TestKey bob = new Ed25519TestKey();
        try (WsClient a = WsClient.connect(base); WsClient b = WsClient.connect(base); WsClient third = WsClient.connect(base)) {
            a.send(create(charter, founder, challenge(a))).expect("realm-joined");
            b.send(auth(charter, bob, List.of(admit(charter, founder, bob)), challenge(b))).expect("realm-joined");
            a.expect("peer-joined");
            Ed25519TestKey carol = new Ed25519TestKey();
            JsonNode full = third.send(auth(charter, carol, List.of(admit(charter, founder, carol)), challenge(third))).expectError("realm-full");
            assertThat(full.path("realm").asText()).isEqualTo(charter.realm());
            a.expectNothing(Duration.ofMillis(200));
        }
        // Carol proved her membership, so the realm knows her although it was full: founder, bob and carol are three.
        Ed25519TestKey dave = new Ed25519TestKey();
        try (WsClient d = WsClient.connect(base)) {
            d.send(auth(charter, dave, List.of(admit(charter, founder, dave)), challenge(d))).expectError("too-many-identities");
        }
        Ed25519TestKey x = new Ed25519TestKey();
        Ed25519TestKey y = new Ed25519TestKey();
        Ed25519TestKey z = new Ed25519TestKey();
        List<Link> tooLong = List.of(admit(charter, founder, x), admit(charter, x, y), admit(charter, y, z));
        try (WsClient deep = WsClient.connect(base)) {
            deep.send(auth(charter, z, tooLong, challenge(deep))).expectError("bad-message");
            deep.assertAlive();
        }
    }

    @Test
    void aMemberHasAsManyInvitationsOutstandingAsAllowed() throws Exception {
        Ed25519TestKey founder = new Ed25519TestKey();
        Charter charter = RealmWire.found(founder);
        try (WsClient a = WsClient.connect(base)) {
            a.send(create(charter, founder, challenge(a))).expect("realm-joined");
            a.send(RealmWire.invite(charter, RealmWire.invitation())).expect("realm-invited");
            a.send(RealmWire.invite(charter, RealmWire.invitation())).expect("realm-invited");
            a.send(RealmWire.invite(charter, RealmWire.invitation())).expectError("too-many-invitations");
            a.send(RealmWire.invite(charter, RealmWire.invitation()).replace("}", ",\"expiresIn\":3601}")).expectError("bad-message");
            a.send(RealmWire.invite(charter, "c2hvcnQ")).expectError("bad-message");
        }
    }

    @Test
    void theDeadlineIsConfigurable() throws Exception {
        try (WsClient idle = WsClient.connect(base)) {
            long started = System.nanoTime();
            challenge(idle);
            assertThat(idle.awaitClose(Duration.ofSeconds(4))).isEqualTo(4003);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        }
    }
}
