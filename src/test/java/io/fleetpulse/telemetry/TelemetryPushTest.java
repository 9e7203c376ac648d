package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.telemetry.Readings.reading;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.realtime.TelemetryBroadcaster;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.realtime.TelemetrySubscription;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TelemetryPushTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI root;

    @Inject
    TelemetryFeed feed;

    @Inject
    TelemetryBroadcaster broadcaster;

    @Inject
    FleetPulseConfig config;

    String owner;
    String token;
    String fleet;
    String vehicle;
    Instant base;

    @BeforeEach
    void newOwnerWithAVehicle() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
        fleet = createFleet(token, owner, "Live");
        vehicle = createVehicle(token, owner, fleet);
        base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    }

    @Test
    void aConnectionFirstGetsTheLatestSnapshotOfEveryVehicleAsTelemetryUpdated() throws Exception {
        String second = createVehicle(token, owner, fleet);
        post(reading(vehicle, base, 1));
        post(reading(vehicle, base.plusSeconds(1), 2));
        post(reading(second, base, 3));
        try (FeedClient client = FeedClient.connect("/ws/owners/" + owner, token)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.telemetry().size() == 2);
            JsonNode frame = client.telemetryOf(vehicle).get(0);
            assertEquals(owner, frame.path("ownerId").asText());
            assertTrue(frame.path("seq").isMissingNode(), "telemetry frames carry no seq");
            assertEquals(2.0, frame.path("data").path("speedKph").asDouble());
            assertEquals(base.plusSeconds(1).toString(), frame.path("data").path("recordedAt").asText());
            assertEquals(3.0, client.telemetryOf(second).get(0).path("data").path("speedKph").asDouble());
        }
    }

    @Test
    void aBurstOfReadingsIsConflatedToAtMostOnePushPerIntervalEndingWithTheNewest() throws Exception {
        post(reading(vehicle, base, 100));
        try (FeedClient client = FeedClient.connect("/ws/owners/" + owner, token)) {
            // The first frame is the snapshot on open, so the live subscription is in place from here on.
            await().atMost(Duration.ofSeconds(5)).until(() -> client.telemetryOf(vehicle).size() == 1);
            long start = System.nanoTime();
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                posts.add(http.sendAsync(request(reading(vehicle, base.plusMillis(20L * (i + 1)), i)),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> post : posts) {
                assertEquals(200, post.get().statusCode());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lastSpeed(client.telemetryOf(vehicle)) == 49.0);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            // However long the burst took, one push per interval is the most it may cause (plus one at its start).
            long allowed = elapsed.toMillis() / config.telemetry().pushInterval().toMillis() + 1;
            int livePushes = client.telemetryOf(vehicle).size() - 1;
            assertTrue(livePushes >= 1 && livePushes <= allowed,
                    livePushes + " live pushes in " + elapsed.toMillis() + " ms, at most " + allowed + " allowed");

            // One more reading: it is the next push, so nothing (no older reading of the burst) came after 49.
            post(reading(vehicle, base.plusSeconds(5), 50));
            await().atMost(Duration.ofSeconds(10)).until(() -> lastSpeed(client.telemetryOf(vehicle)) == 50.0);
            List<JsonNode> pushes = client.telemetryOf(vehicle);
            assertEquals(List.of(49.0, 50.0), speeds(pushes.subList(pushes.size() - 2, pushes.size())));
            assertNeverOlderAfterNewer(pushes);
        }
    }

    @Test
    void resumingWithSinceGetsTheLatestSnapshotsNotTheIntermediateReadings() throws Exception {
        String second = createVehicle(token, owner, fleet);
        long seq;
        try (FeedClient first = FeedClient.connect("/ws/owners/" + owner, token)) {
            post(reading(vehicle, base, 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> first.telemetryOf(vehicle).size() == 1);
            seq = Long.parseLong(as(token).get("/api/owners/{o}/fleets", owner).then().extract().header("X-Change-Seq"));
        }
        for (int i = 2; i <= 10; i++) {
            post(reading(vehicle, base.plusSeconds(i), i));
            post(reading(second, base.plusSeconds(i), 100 + i));
        }
        post(reading(vehicle, base.minusSeconds(5), 0)); // late: history only
        try (FeedClient resumed = FeedClient.connect("/ws/owners/" + owner + "?since=" + seq, token)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> resumed.telemetry().size() == 2);
            // A newer reading follows as the next push: had an intermediate one been sent, it would sit between.
            post(reading(vehicle, base.plusSeconds(11), 11));
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.telemetryOf(vehicle).size() >= 2);
            assertEquals(List.of(10.0, 11.0), speeds(resumed.telemetryOf(vehicle)));
            assertEquals(List.of(110.0), speeds(resumed.telemetryOf(second)));
        }
    }

    @Test
    void telemetryIsNotWrittenToTheChangeFeed() {
        String before = as(token).get("/api/owners/{o}/fleets", owner).then().extract().header("X-Change-Seq");
        post(reading(vehicle, base, 1));
        as(token).get("/api/owners/{o}/fleets", owner).then().header("X-Change-Seq", equalTo(before));
    }

    @Test
    void whileASendIsInFlightNothingElseIsSentAndThenOnlyTheNewestFollows() {
        List<io.fleetpulse.telemetry.TelemetrySnapshot> sent = new CopyOnWriteArrayList<>();
        List<UniEmitter<? super Void>> inFlight = new CopyOnWriteArrayList<>();
        TelemetrySubscription subscription = feed.open(owner, snapshot -> {
            sent.add(snapshot);
            return Uni.createFrom().emitter(inFlight::add);
        });
        try {
            UUID v1 = UUID.fromString(vehicle);
            UUID v2 = UUID.randomUUID();
            // open() subscribes before it returns, and publish() offers synchronously: no wait is needed.
            broadcaster.publish(owner, List.of(snapshot(v1, 1)));
            assertEquals(1, sent.size(), "the first snapshot goes at once");
            assertEquals(1, inFlight.size());
            for (int i = 2; i <= 30; i++) {
                broadcaster.publish(owner, List.of(snapshot(v1, i)));
            }
            broadcaster.publish(owner, List.of(snapshot(v2, 5)));
            broadcaster.publish(owner, List.of(snapshot(v1, 3))); // older than pending: dropped
            // Every offer above ran in publish(), and a send would have started there: none did.
            assertEquals(1, sent.size(), "nothing is sent while a send is in flight");

            inFlight.get(0).complete(null);
            // v2 was never sent: it goes at once; v1 waits for its interval, then only its newest goes.
            await().atMost(Duration.ofSeconds(2)).until(() -> sent.size() == 2);
            assertEquals(v2, sent.get(1).vehicleId());
            inFlight.get(1).complete(null);
            await().atMost(Duration.ofSeconds(3)).until(() -> sent.size() == 3);
            assertEquals(v1, sent.get(2).vehicleId());
            assertEquals(30.0, sent.get(2).speedKph());
            inFlight.get(2).complete(null);
            // The next push is the next newer snapshot: nothing (v1's older 3, say) was left to go in between.
            broadcaster.publish(owner, List.of(snapshot(v1, 31)));
            await().atMost(Duration.ofSeconds(3)).until(() -> sent.size() == 4);
            assertEquals(List.of(1.0, 5.0, 30.0, 31.0), sent.stream().map(s -> s.speedKph()).toList());
            assertEquals(List.of(v1, v2, v1, v1), sent.stream().map(s -> s.vehicleId()).toList());
        } finally {
            subscription.close();
        }
    }

    private io.fleetpulse.telemetry.TelemetrySnapshot snapshot(UUID vehicleId, int i) {
        return new io.fleetpulse.telemetry.TelemetrySnapshot(vehicleId, base.plusSeconds(i), Instant.now(), 1, 2,
                (double) i, null, null, null, null, null);
    }

    private static List<Double> speeds(List<JsonNode> frames) {
        return frames.stream().map(frame -> frame.path("data").path("speedKph").asDouble()).toList();
    }

    private static double lastSpeed(List<JsonNode> frames) {
        return frames.isEmpty() ? Double.NaN : frames.get(frames.size() - 1).path("data").path("speedKph").asDouble();
    }

    private static void assertNeverOlderAfterNewer(List<JsonNode> frames) {
        Instant previous = Instant.MIN;
        for (JsonNode frame : frames) {
            Instant at = Instant.parse(frame.path("data").path("recordedAt").asText());
            assertTrue(at.isAfter(previous), "older snapshot after a newer one: " + frames);
            previous = at;
        }
    }

    private void post(Map<String, Object> reading) {
        as(token).body(reading).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, reading.get("vehicleId"))
                .then().statusCode(200);
    }

    private HttpRequest request(Map<String, Object> reading) throws Exception {
        return HttpRequest.newBuilder(root.resolve("/api/owners/" + owner + "/vehicles/" + reading.get("vehicleId")
                        + "/telemetry"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(reading)))
                .build();
    }
}
