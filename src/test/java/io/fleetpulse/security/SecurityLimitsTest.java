package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.fleetBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Metrics;
import io.fleetpulse.support.RawHttp;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection caps, slow-client timeouts, rate limits and the token lifetime, with small settings of their own. */
@QuarkusTest
@TestProfile(SecurityLimitsTest.SmallLimits.class)
class SecurityLimitsTest {

    static final int PER_SUBJECT = 3;
    static final int PER_OWNER = 5;
    static final int WRITE_BURST = 3;
    static final int TELEMETRY_BURST = 2;

    /** Small caps and buckets (refilled every 100 s, so a test never sees a refill), an 8 s idle timeout. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("fleetpulse.security.connections.max-per-subject", String.valueOf(PER_SUBJECT)),
                    Map.entry("fleetpulse.security.connections.max-per-owner", String.valueOf(PER_OWNER)),
                    Map.entry("fleetpulse.security.rate-limit.writes.enabled", "true"),
                    Map.entry("fleetpulse.security.rate-limit.writes.per-second", "0.01"),
                    Map.entry("fleetpulse.security.rate-limit.writes.burst", String.valueOf(WRITE_BURST)),
                    Map.entry("fleetpulse.security.rate-limit.telemetry.enabled", "true"),
                    Map.entry("fleetpulse.security.rate-limit.telemetry.per-second", "0.01"),
                    Map.entry("fleetpulse.security.rate-limit.telemetry.burst", String.valueOf(TELEMETRY_BURST)),
                    Map.entry("fleetpulse.security.max-token-lifetime", "PT2H"),
                    Map.entry("quarkus.http.idle-timeout", "8s"),
                    // open sockets are pinged well within the idle timeout, as in production (20 s vs 30 s)
                    Map.entry("quarkus.websockets-next.server.auto-ping-interval", "1s"),
                    Map.entry("fleetpulse.signalr.ping-interval", "1s"));
        }
    }

    @TestHTTPResource("/hub/fleets")
    URI hub;

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @Inject
    ConnectionCaps caps;

    static String tokenOf(String owner, String subject) {
        return Tokens.ownerClaims(owner).upn(subject).sign(Tokens.signingKey());
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    // ---- connection caps -----------------------------------------------------------------------------

    static final String REFUSED_WS_SUBJECT = "fleetpulse_websocket_refused_total{protocol=\"websocket\",reason=\"subject\"}";
    static final String REFUSED_HUB_SUBJECT = "fleetpulse_websocket_refused_total{protocol=\"signalr\",reason=\"subject\"}";
    static final String REFUSED_WS_OWNER = "fleetpulse_websocket_refused_total{protocol=\"websocket\",reason=\"owner\"}";

    @Test
    void oneSubjectOpensAtMostItsCapOfSocketsAcrossBothProtocols() {
        List<AutoCloseable> open = new ArrayList<>();
        Metrics before = Metrics.scrape();
        try {
            for (int i = 0; i < PER_SUBJECT - 1; i++) {
                open.add(FeedClient.connect("/ws/owners/" + owner, token));
            }
            open.add(RawHubSocket.connected(hub, token));
            assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner, bearer(token))).isEqualTo(429);
            String connectionToken = RawHubSocket.negotiate(token);
            assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, token)).isEqualTo(429);
            Metrics refused = Metrics.scrape();
            assertThat(refused.delta(before, REFUSED_WS_SUBJECT)).as("websocket refusals").isEqualTo(1);
            assertThat(refused.delta(before, REFUSED_HUB_SUBJECT)).as("hub refusals").isEqualTo(1);
            assertThat(refused.delta(before, "fleetpulse_websocket_refused_total")).as("all refusals").isEqualTo(2);
            // another subject of another owner is not affected
            String other = Tokens.newOwnerId();
            assertThat(FeedClient.upgradeStatus("/ws/owners/" + other, bearer(Tokens.owner(other)))).isEqualTo(101);
            // a refused hub upgrade did not use up its connection token: it connects once a place is free
            close(open.remove(0));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    FeedClient.upgradeStatus("/ws/owners/" + owner, bearer(token)) == 101);
            // (the probe above has just closed: retry until the server has seen that close too)
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
                try (RawHubSocket again = RawHubSocket.open(hub, connectionToken, token)) {
                    again.send(RawHubSocket.HANDSHAKE);
                    again.awaitRecord("{}");
                    return true;
                }
            });
        } finally {
            open.forEach(SecurityLimitsTest::close);
        }
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString()).doesNotContain(owner);
    }

    @Test
    void allSubjectsOfOneOwnerTogetherOpenAtMostTheOwnersCap() {
        List<AutoCloseable> open = new ArrayList<>();
        Metrics before = Metrics.scrape();
        try {
            for (int i = 0; i < PER_OWNER; i++) {
                open.add(FeedClient.connect("/ws/owners/" + owner, tokenOf(owner, "tab-" + i)));
            }
            // The client's handshake completes before the server's @OnOpen takes the place: wait until the
            // caps count all of them, so the next upgrade meets a full cap instead of racing the last open.
            await().atMost(Duration.ofSeconds(10)).until(() -> caps.openOf(owner) == PER_OWNER);
            assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner, bearer(tokenOf(owner, "one-more"))))
                    .isEqualTo(429);
            assertThat(Metrics.scrape().delta(before, REFUSED_WS_OWNER)).as("refusals by the owner cap").isEqualTo(1);
            // staff are capped per subject only, not against the owner they look at
            assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner, bearer(Tokens.staff()))).isEqualTo(101);
        } finally {
            open.forEach(SecurityLimitsTest::close);
        }
    }

    // ---- slow clients --------------------------------------------------------------------------------

    @Test
    void aRequestHeadThatStopsHalfWayIsClosedByTheServer() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (String head : new String[] {"GET /ws/owners/" + owner + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n",
                    "GET /hub/fleets?id=x HTTP/1.1\r\n", "POST /api/owners/" + owner + "/fleets HTTP/1.1\r\nContent-Length: 10\r\n\r\n{\"na"}) {
                Socket socket = new Socket("localhost", RawHttp.port());
                socket.setSoTimeout(30_000); // far beyond the server's 8 s: a timeout here means it never closed
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            for (Socket socket : stalled) {
                InputStream in = socket.getInputStream();
                try {
                    while (in.read() >= 0) {
                        // a 408 or nothing, then end of stream
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the server kept a stalled request open", e);
                } catch (java.net.SocketException reset) {
                    // closed by the server with a reset: also a close
                }
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aHubSocketThatNeverHandshakesIsClosed() {
        try (RawHubSocket socket = RawHubSocket.open(hub, RawHubSocket.negotiate(token), token)) {
            await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
        }
    }

    @Test
    void openSocketsOutliveTheIdleTimeoutBecauseTheyArePinged() {
        try (FeedClient feed = FeedClient.connect("/ws/owners/" + owner, token);
                RawHubSocket hubSocket = RawHubSocket.connected(hub, token)) {
            String fleet = createFleet(token, owner, "Still here");
            // ten hub pings at 1 s: both sockets have been open for longer than the 8 s idle timeout
            await().atMost(Duration.ofSeconds(30)).until(() -> hubSocket.records.stream()
                    .filter("{\"type\":6}"::equals).count() >= 10);
            as(token).body(Map.of("name", "Still here, renamed")).put("/api/owners/{o}/fleets/{f}", owner, fleet)
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> feed.events().size() >= 2);
            assertThat(feed.isClosed()).isFalse();
            assertThat(hubSocket.isClosed()).isFalse();
        }
    }

    // ---- rate limits ---------------------------------------------------------------------------------

    @Test
    void writesBeyondTheBurstAre429WithRetryAfterAndWriteNothing() {
        for (int i = 0; i < WRITE_BURST; i++) {
            as(token).body(fleetBody("Fleet " + i)).post("/api/owners/{o}/fleets", owner).then().statusCode(201);
        }
        as(token).body(fleetBody("One too many")).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("status", equalTo(429));
        // reads are not limited, and the refused write left no row
        as(token).get("/api/owners/{o}/fleets", owner).then().statusCode(200).header("X-Total-Count", "3");
        // each subject has its own bucket
        String other = Tokens.newOwnerId();
        as(Tokens.owner(other)).body(fleetBody("Other")).post("/api/owners/{o}/fleets", other).then().statusCode(201);
        long retryAfter = Long.parseLong(as(token).body(fleetBody("x")).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(429).extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 100L);
    }

    @Test
    void telemetryHasItsOwnBucket() {
        String staffToken = Tokens.staff();
        String vehicle = createVehicle(staffToken, owner, createFleet(staffToken, owner, "Sensors"));
        Map<String, Object> reading = Map.of("recordedAt", Instant.now().toString(), "lat", 1.0, "lon", 2.0);
        Metrics before = Metrics.scrape();
        for (int i = 0; i < TELEMETRY_BURST; i++) {
            as(token).body(reading).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).then().statusCode(200);
        }
        as(token).body(reading).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        as(token).body(Map.of("readings", List.of(reading))).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(429);
        // the write bucket is separate
        as(token).body(fleetBody("Writes still allowed")).post("/api/owners/{o}/fleets", owner).then().statusCode(201);
        assertThat(Metrics.scrape().delta(before, "fleetpulse_rate_limited_total{kind=\"telemetry\"}"))
                .as("telemetry requests refused by the rate limit").isEqualTo(2);
    }

    // ---- token lifetime ------------------------------------------------------------------------------

    @Test
    void aTokenLivingLongerThanTheMaximumIsRefusedEverywhere() {
        long now = System.currentTimeMillis() / 1000;
        String longLived = Tokens.ownerClaims(owner).issuedAt(now).expiresAt(now + 86_400).sign(Tokens.signingKey());
        as(longLived).get("/api/owners/{o}/fleets", owner).then().statusCode(401).contentType("application/problem+json");
        assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner, bearer(longLived))).isEqualTo(401);
        as(longLived).post("/hub/fleets/negotiate?negotiateVersion=1").then().statusCode(401);
        as(token).get("/api/owners/{o}/fleets", owner).then().statusCode(200);
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
