package dev.hourglass.net;

import dev.hourglass.support.Parallel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter's arithmetic on a clock the test moves: burst, sustained rate, the wait it reports, races. */
class AddressRateTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime's origin is arbitrary, negative included

    @Test
    void aBurstGoesThroughThenOneRequestPerIntervalAndTheWaitIsReported() {
        AddressRate limiter = new AddressRate(2, 3, now::get, "test");
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("198.51.100.7")).as("request %d of the burst", i).isZero();
        }
        long wait = limiter.acquire("198.51.100.7");
        assertThat(wait).isEqualTo(SECOND / 2);

        now.addAndGet(SECOND / 2 - 1);
        assertThat(limiter.acquire("198.51.100.7")).isEqualTo(1);
        now.addAndGet(1);
        assertThat(limiter.acquire("198.51.100.7")).isZero();
        assertThat(limiter.acquire("198.51.100.7")).isPositive();

        now.addAndGet(60 * SECOND);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("198.51.100.7")).as("a quiet minute refills the burst, no more").isZero();
        }
        assertThat(limiter.acquire("198.51.100.7")).isPositive();
    }

    @Test
    void anotherAddressHasItsOwnAllowanceSaveForARareSharedBucket() {
        AddressRate limiter = new AddressRate(1, 1, now::get, "test");
        assertThat(limiter.acquire("2001:db8::1")).isZero();
        assertThat(limiter.acquire("2001:db8::1")).isPositive();
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.acquire("203.0.113." + i + "/" + i) != 0) {
                refused++;
            }
        }
        // 1,000 fresh addresses in 65,536 buckets: a handful may land on a bucket already used in this test.
        assertThat(refused).isLessThan(30);
    }

    @Test
    void racingRequestsFromOneAddressGetExactlyTheBurst() throws Exception {
        AddressRate limiter = new AddressRate(1, 50, now::get, "test");
        AtomicInteger allowed = new AtomicInteger();
        Parallel.run(4, () -> {
            for (int i = 0; i < 1000; i++) {
                if (limiter.acquire("192.0.2.1") == 0) {
                    allowed.incrementAndGet();
                }
            }
        });
        assertThat(allowed.get()).isEqualTo(50);
    }
}
