package io.fleetpulse.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a hand-driven clock: burst, refill, the Retry-After seconds, per-key buckets, the sweep. */
class TokenBucketsTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    @Test
    void aBurstIsAllowedAtOnceThenTheWaitUntilTheNextTokenIsAnswered() {
        TokenBuckets buckets = new TokenBuckets(0.5, 3, clock::get);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).as("one token every 2 s").isEqualTo(2);
    }

    @Test
    void tokensRefillAtTheRateAndNeverBeyondTheBurst() {
        TokenBuckets buckets = new TokenBuckets(1, 2, clock::get);
        buckets.take("a");
        buckets.take("a");
        clock.addAndGet(SECOND);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(1);
        clock.addAndGet(3_600 * SECOND); // an hour idle still holds only the burst
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(1);
    }

    @Test
    void theWaitIsRoundedUpAndAtLeastOneSecond() {
        TokenBuckets slow = new TokenBuckets(0.25, 1, clock::get);
        slow.take("a");
        clock.addAndGet(SECOND); // a quarter of a token: 3 s to go
        assertThat(slow.take("a")).isEqualTo(3);
        TokenBuckets fast = new TokenBuckets(100, 1, clock::get);
        fast.take("a");
        assertThat(fast.take("a")).as("a hundredth of a second, said as 1").isEqualTo(1);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        TokenBuckets buckets = new TokenBuckets(1, 1, clock::get);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(1);
        assertThat(buckets.take("b")).isZero();
    }

    @Test
    void onceAMinuteBucketsThatAreFullAgainAreForgotten() {
        TokenBuckets buckets = new TokenBuckets(0.01, 2, clock::get); // 100 s per token
        buckets.take("idle");
        buckets.take("busy");
        buckets.take("busy");
        assertThat(buckets.size()).isEqualTo(2);
        clock.addAndGet(30 * SECOND);
        buckets.take("other");
        assertThat(buckets.size()).as("no sweep within the minute").isEqualTo(3);
        clock.addAndGet(71 * SECOND); // 101 s: "idle" is full again, "busy" is one token short, "other" too
        buckets.take("new");
        assertThat(buckets.size()).isEqualTo(3);
        assertThat(buckets.take("busy")).as("a forgotten bucket would be full: busy was kept").isZero();
        assertThat(buckets.take("busy")).isPositive();
    }

    @Test
    void aRateOrBurstThatAllowsNothingIsRefused() {
        assertThatThrownBy(() -> new TokenBuckets(0, 1, clock::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBuckets(1, 0, clock::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
