package dev.hourglass.crypto;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static Sealer sealer(byte[] key) {
        return new Sealer(new Blinder(() -> Optional.of(Base64.getEncoder().encodeToString(key))));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Test
    void anInstanceWithTheSameBlindingKeyOpensWhatAnotherSealedAndNothingShowsThroughInTheClear() {
        byte[] key = random(32);
        byte[] publicKey = random(32);
        String sealed = sealer(key).seal(publicKey);
        assertThat(sealed).hasSize(80).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey).substring(0, 8));
        assertThat(sealer(key).open(sealed)).containsExactly(publicKey);
    }

    @Test
    void theSameValueSealsAlikeSoAStoreCanCompareAndOthersDiffer() {
        Sealer sealer = sealer(random(32));
        byte[] publicKey = random(32);
        assertThat(sealer.seal(publicKey)).isEqualTo(sealer.seal(publicKey.clone()));
        assertThat(sealer.seal(random(32))).isNotEqualTo(sealer.seal(publicKey));
    }

    @Test
    void anotherKeyOrATamperedValueDoesNotOpen() {
        byte[] key = random(32);
        String sealed = sealer(key).seal(random(32));
        assertThatThrownBy(() -> sealer(random(32)).open(sealed)).isInstanceOf(IllegalArgumentException.class);
        char[] tampered = sealed.toCharArray();
        tampered[40] = tampered[40] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> sealer(key).open(new String(tampered))).isInstanceOf(IllegalArgumentException.class);
    }
}
