package dev.hourglass.cluster.redis;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A relayed message opens on every node with the cluster's key, for its channel only, and only as sealed. */
class TransitSealTest {

    private static final byte[] KEY = "a transit key of 32 bytes, tests".getBytes(StandardCharsets.US_ASCII);
    private static final String ORIGIN = "node-aaaaaaaaaaaaaaaaa";

    private static Buffer sealed(TransitSeal seal, String channel, String text) {
        Buffer out = Buffer.buffer();
        seal.seal(channel, Buffer.buffer(text), out);
        return out;
    }

    @Test
    void anotherNodeWithTheClusterKeyOpensItAndNothingShowsInTheClear() {
        Buffer sealed = sealed(new TransitSeal(KEY, ORIGIN), "hg:c:r:x", "{\"sdp\":\"v=0 192.0.2.1\"}");
        assertThat(sealed.toString(StandardCharsets.ISO_8859_1)).doesNotContain("sdp").doesNotContain("192.0.2.1");
        assertThat(new TransitSeal(KEY, "node-bbbbbbbbbbbbbbbbb").open(ORIGIN, "hg:c:r:x", sealed).toString()).isEqualTo("{\"sdp\":\"v=0 192.0.2.1\"}");
    }

    @Test
    void everyMessageHasItsOwnNonce() {
        TransitSeal seal = new TransitSeal(KEY, ORIGIN);
        assertThat(sealed(seal, "c", "same")).isNotEqualTo(sealed(seal, "c", "same"));
    }

    @Test
    void anotherChannelAnotherOriginAnotherKeyOrATamperedByteDoNotOpen() {
        Buffer sealed = sealed(new TransitSeal(KEY, ORIGIN), "hg:c:r:x", "payload");
        TransitSeal receiver = new TransitSeal(KEY, "node-bbbbbbbbbbbbbbbbb");
        assertThat(receiver.open(ORIGIN, "hg:c:r:y", sealed)).isNull();
        assertThat(receiver.open("node-ccccccccccccccccc", "hg:c:r:x", sealed)).isNull();
        assertThat(new TransitSeal("another key of 32 bytes for test".getBytes(StandardCharsets.US_ASCII), "node-bbbbbbbbbbbbbbbbb")
                .open(ORIGIN, "hg:c:r:x", sealed)).isNull();
        Buffer tampered = sealed.copy();
        tampered.setByte(20, (byte) (tampered.getByte(20) ^ 1));
        assertThat(receiver.open(ORIGIN, "hg:c:r:x", tampered)).isNull();
        assertThat(receiver.open(ORIGIN, "hg:c:r:x", Buffer.buffer("short"))).isNull();
    }
}
