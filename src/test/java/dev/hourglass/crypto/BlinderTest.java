package dev.hourglass.crypto;

import dev.hourglass.crypto.Blinder.Kind;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blinded form is HMAC-SHA256(key, kind || unit || id), checked against an independent implementation. */
class BlinderTest {

    private static final byte[] KEY = new byte[32];

    static {
        new Random(7).nextBytes(KEY);
    }

    private final Blinder blinder = new Blinder(() -> Optional.of(Base64.getEncoder().encodeToString(KEY)));

    @Test
    void blindsAsHmacSha256OverKindUnitAndId() {
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            long unit = random.nextLong();
            Kind kind = i % 2 == 0 ? Kind.USER : Kind.CONTACT_KEY;
            assertThat(blinder.blind(kind, unit, id)).isEqualTo(reference(kind.tag, unit, id));
        }
    }

    @Test
    void kindAndUnitSeparateTheSameId() {
        byte[] id = new byte[32];
        assertThat(blinder.blind(Kind.USER, 5, id)).isNotEqualTo(blinder.blind(Kind.CONTACT_KEY, 5, id));
        assertThat(blinder.blind(Kind.USER, 5, id)).isNotEqualTo(blinder.blind(Kind.USER, 6, id));
        assertThat(blinder.blind(Kind.USER, 5, id)).isEqualTo(blinder.blind(Kind.USER, 5, id.clone()));
    }

    @Test
    void eachThreadGetsTheSameAnswer() throws Exception {
        byte[] id = new byte[32];
        id[0] = 42;
        BlindedId expected = reference(Kind.CONTACT_KEY.tag, 123, id);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!blinder.blind(Kind.CONTACT_KEY, 123, id).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new Blinder(() -> Optional.of(shortKey))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new Blinder(() -> Optional.of("not base64!"))).hasMessageContaining("base64");
    }

    private static BlindedId reference(byte tag, long unit, byte[] id) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(KEY));
        byte[] input = ByteBuffer.allocate(1 + 8 + id.length).put(tag).putLong(unit).put(id).array();
        mac.update(input, 0, input.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return BlindedId.of(out);
    }
}
