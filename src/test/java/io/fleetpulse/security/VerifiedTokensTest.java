package io.fleetpulse.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Every branch of the token cache's decision: hit, age, exp, refusals, and a full cache. */
class VerifiedTokensTest {

    private static final long NOW = 1_800_000_000L;
    private final AtomicLong nanos = new AtomicLong(0);
    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger verifications = new AtomicInteger();

    private VerifiedTokens cache(int maxEntries) {
        return new VerifiedTokens(maxEntries, Duration.ofSeconds(60), nanos::get, clock);
    }

    private VerifiedTokens.Verifier<RuntimeException> accepting(long exp) {
        return token -> {
            verifications.incrementAndGet();
            return token(token, exp);
        };
    }

    @Test
    void aSecondRequestWithTheSameTokenIsNotVerifiedAgain() {
        VerifiedTokens cache = cache(10);
        JsonWebToken first = cache.get("a", accepting(NOW + 3600));
        JsonWebToken second = cache.get("a", accepting(NOW + 3600));
        assertSame(first, second);
        assertEquals(1, verifications.get());
    }

    @Test
    void anEntryOlderThanMaxAgeIsVerifiedAgain() {
        VerifiedTokens cache = cache(10);
        cache.get("a", accepting(NOW + 3600));
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        cache.get("a", accepting(NOW + 3600));
        assertEquals(2, verifications.get());
    }

    @Test
    void aTokenPastItsExpIsNeverServedFromTheCache() {
        VerifiedTokens cache = cache(10);
        cache.get("a", accepting(NOW + 10));
        clock.epochSecond = NOW + 10; // exp reached: the verifier (with its clock skew) decides, not the cache
        assertThrows(IllegalStateException.class, () -> cache.get("a", token -> {
            throw new IllegalStateException("expired");
        }));
        assertEquals(0, cache.size());
    }

    @Test
    void aRefusedTokenIsNotKeptAndIsVerifiedEveryTime() {
        VerifiedTokens cache = cache(10);
        VerifiedTokens.Verifier<IllegalStateException> refusing = token -> {
            verifications.incrementAndGet();
            throw new IllegalStateException("bad signature");
        };
        assertThrows(IllegalStateException.class, () -> cache.get("forged", refusing));
        assertThrows(IllegalStateException.class, () -> cache.get("forged", refusing));
        assertEquals(2, verifications.get());
        assertEquals(0, cache.size());
    }

    @Test
    void aFullCacheOfLiveTokensStopsAddingButStillAnswers() {
        VerifiedTokens cache = cache(2);
        cache.get("a", accepting(NOW + 3600));
        cache.get("b", accepting(NOW + 3600));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos()); // past the sweep interval: a sweep finds nothing to drop
        JsonWebToken c = cache.get("c", accepting(NOW + 3600));
        assertEquals("c", c.getRawToken());
        assertEquals(2, cache.size());
        cache.get("c", accepting(NOW + 3600));
        assertEquals(4, verifications.get(), "c was not kept, so it is verified each time");
    }

    @Test
    void aFullCacheDropsExpiredEntriesToMakeRoom() {
        VerifiedTokens cache = cache(2);
        cache.get("short", accepting(NOW + 5));
        cache.get("b", accepting(NOW + 3600));
        clock.epochSecond = NOW + 5;
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.get("c", accepting(NOW + 3600));
        cache.get("c", accepting(NOW + 3600));
        assertEquals(3, verifications.get(), "the expired entry made room for c, which is then a hit");
        assertEquals(2, cache.size());
    }

    @Test
    void aFullCacheSweepsAtMostOncePerSecond() {
        VerifiedTokens cache = cache(1);
        cache.get("short", accepting(NOW + 5));
        clock.epochSecond = NOW + 5;
        // Within the first second after creation no sweep runs: "c" finds no room though "short" has expired.
        cache.get("c", accepting(NOW + 3600));
        assertEquals(1, cache.size());
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        cache.get("c", accepting(NOW + 3600));
        cache.get("c", accepting(NOW + 3600));
        assertEquals(3, verifications.get(), "after a second the sweep made room, and the third call was a hit");
    }

    private static JsonWebToken token(String raw, long exp) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "subject";
            }

            @Override
            public Set<String> getClaimNames() {
                return new HashSet<>(Set.of("raw_token", "exp"));
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return switch (claimName) {
                    case "raw_token" -> (T) raw;
                    case "exp" -> (T) Long.valueOf(exp);
                    default -> null;
                };
            }
        };
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        long epochSecond;

        MutableClock(long epochSecond) {
            this.epochSecond = epochSecond;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(epochSecond);
        }
    }
}
