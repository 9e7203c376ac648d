package io.fleetpulse.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pure decision logic behind caps, rate limits, token rules and same-origin upgrades (no Quarkus). */
class SecurityRulesTest {

    @Test
    void theConnectionCounterCapsSubjectsAndOwnersAndGivesPlacesBack() {
        ConnectionCounter counter = new ConnectionCounter(2, 3);
        assertThat(counter.acquire("alice", "acme")).isNull();
        assertThat(counter.acquire("alice", "acme")).isNull();
        assertThat(counter.acquire("alice", "acme")).isEqualTo(ConnectionCounter.Refusal.SUBJECT);
        assertThat(counter.acquire("bob", "acme")).isNull();
        assertThat(counter.check("carol", "acme")).isEqualTo(ConnectionCounter.Refusal.OWNER);
        assertThat(counter.acquire("carol", null)).isNull(); // staff: no owner
        counter.release("alice", "acme");
        assertThat(counter.openBy("alice")).isEqualTo(1);
        assertThat(counter.acquire("carol", "acme")).isNull();
        counter.release("nobody", "nothing"); // releasing what was never taken changes nothing
        assertThat(counter.openBy("nobody")).isZero();
    }

    @Test
    void tokenBucketsAllowTheBurstThenRefillAtTheRate() {
        AtomicLong clock = new AtomicLong();
        TokenBuckets buckets = new TokenBuckets(2, 3, clock::get);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("alice")).isZero();
        }
        assertThat(buckets.take("alice")).isEqualTo(1);
        assertThat(buckets.take("bob")).isZero();
        clock.addAndGet(500_000_000L); // half a second: one request at 2/s
        assertThat(buckets.take("alice")).isZero();
        assertThat(buckets.take("alice")).isEqualTo(1);
        clock.addAndGet(120_000_000_000L); // two idle minutes: full buckets are forgotten
        assertThat(buckets.take("carol")).isZero();
        assertThat(buckets.size()).isEqualTo(1);
    }

    @Test
    void aSlowRefillAsksForALongerWait() {
        TokenBuckets buckets = new TokenBuckets(0.1, 1, () -> 0L);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(10);
    }

    static String token(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void groupsMustBeAnArray() {
        TokenRules rules = new TokenRules(new ObjectMapper(), Optional.empty());
        assertThat(rules.violation(token("{\"groups\":[\"owner\"]}"))).isNull();
        assertThat(rules.violation(token("{}"))).isNull();
        assertThat(rules.violation(token("{\"groups\":\"owner staff\"}"))).isEqualTo("groups must be an array");
        assertThat(rules.violation(token("{\"groups\":{\"staff\":true}}"))).isNotNull();
        assertThat(rules.violation("garbage")).isNotNull();
    }

    @Test
    void aMaximumLifetimeNeedsIatAndExpWithinIt() {
        TokenRules rules = new TokenRules(new ObjectMapper(), Optional.of(Duration.ofHours(1)));
        assertThat(rules.violation(token("{\"iat\":1000,\"exp\":4600}"))).isNull();
        assertThat(rules.violation(token("{\"iat\":1000,\"exp\":4601}"))).isNotNull();
        assertThat(rules.violation(token("{\"exp\":4600}"))).isEqualTo("iat and exp are required");
    }

    @Test
    void sameOriginComparesHostAndPortWithSchemeDefaults() {
        assertThat(RealtimeUpgradeCheck.sameOrigin("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(RealtimeUpgradeCheck.sameOrigin("https://fleet.example", "fleet.example")).isTrue();
        assertThat(RealtimeUpgradeCheck.sameOrigin("https://fleet.example", "fleet.example:443")).isTrue();
        assertThat(RealtimeUpgradeCheck.sameOrigin("https://FLEET.example", "fleet.EXAMPLE")).isTrue();
        assertThat(RealtimeUpgradeCheck.sameOrigin("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(RealtimeUpgradeCheck.sameOrigin("https://evil.example", "fleet.example")).isFalse();
        assertThat(RealtimeUpgradeCheck.sameOrigin("http://localhost:8081", "localhost:8080")).isFalse();
        assertThat(RealtimeUpgradeCheck.sameOrigin("http://fleet.example", "fleet.example:8080")).isFalse();
        assertThat(RealtimeUpgradeCheck.sameOrigin("null", "fleet.example")).isFalse();
        assertThat(RealtimeUpgradeCheck.sameOrigin("file://fleet.example", "fleet.example")).isFalse();
        assertThat(RealtimeUpgradeCheck.sameOrigin("https://fleet.example", null)).isFalse();
    }

    @Test
    void onlyWebSocketUpgradesOfSocketRoutesMayCarryAQueryToken() {
        assertThat(AccessTokenQueryParameter.isSocketPath("/ws/owners/acme")).isTrue();
        assertThat(AccessTokenQueryParameter.isSocketPath("/hub/fleets")).isTrue();
        assertThat(AccessTokenQueryParameter.isSocketPath("/hub/fleets/negotiate")).isFalse();
        assertThat(AccessTokenQueryParameter.isSocketPath("/api/owners/acme/fleets")).isFalse();
        assertThat(AccessTokenQueryParameter.isSocketPath("/ws/owners/acme/fleets")).isFalse();
    }
}
