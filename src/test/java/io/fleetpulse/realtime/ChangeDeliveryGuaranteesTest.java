package io.fleetpulse.realtime;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChangeDeliveryGuaranteesTest {

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @Test
    void aRolledBackTransactionPublishesNothingAndLeavesNoGapInTheSeq() throws Throwable {
        createFleet(token, owner, "Before");
        try (FeedClient tab = FeedClient.connect("/ws/owners/" + owner + "?since=0", token)) {
            // The change triggers run, take seq 2 and write its event; then the transaction rolls back.
            assertThatThrownBy(() -> pool.withTransaction(connection -> connection
                            .preparedQuery("INSERT INTO fleets (owner_id, name) VALUES ($1, 'Never')").execute(Tuple.of(owner))
                            .chain(() -> Uni.createFrom().failure(new IllegalStateException("rolled back on purpose"))))
                    .await().atMost(Duration.ofSeconds(10)))
                    .hasMessageContaining("rolled back on purpose");
            createFleet(token, owner, "After");
            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 2);
            assertThat(tab.events()).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L);
            assertThat(tab.events()).extracting(e -> e.get("type").asText())
                    .containsExactly("FleetCreated", "FleetCreated");
        }
    }

    @Test
    void aRejectedWritePublishesNothing() {
        createFleet(token, owner, "Taken");
        try (FeedClient tab = FeedClient.connect("/ws/owners/" + owner + "?since=1", token)) {
            as(token).body(Map.of("name", "TAKEN")).post("/api/owners/{o}/fleets", owner).then().statusCode(409);
            createFleet(token, owner, "Free");
            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 1);
            assertThat(tab.events().get(0).get("seq").asLong()).isEqualTo(2);
            assertThat(tab.events().get(0).get("data").get("name").asText()).isEqualTo("Free");
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedWhileANormalClientKeepsReceiving() {
        String fleet = createFleet(token, owner, "Busy");
        String description = "d".repeat(990);
        try (FeedClient normal = FeedClient.connect("/ws/owners/" + owner + "?since=1", token);
                FeedClient stalled = FeedClient.connect("/ws/owners/" + owner + "?since=1",
                        Map.of("Authorization", "Bearer " + token), false)) {
            // The stalled client never reads its close frame: watch the server's slow-consumer counter.
            Counter disconnects = registry.counter("fleetpulse.feed.slow.consumer.disconnects");
            double before = disconnects.count();
            int written = 0;
            // Bounded: socket buffers absorb some hundreds of events before the feed's own limits trip.
            while (disconnects.count() == before && written < 4000) {
                as(token).body(Map.of("name", "Busy", "description", description + written))
                        .put("/api/owners/{o}/fleets/{id}", owner, fleet).then().statusCode(200);
                written++;
            }
            int total = written;
            assertThat(disconnects.count()).isEqualTo(before + 1);
            System.out.printf("slow consumer disconnected after %d events%n", total);
            await().atMost(Duration.ofSeconds(30)).until(() -> normal.events().size() == total);
            assertThat(normal.events()).extracting(e -> e.get("seq").asLong())
                    .containsExactlyElementsOf(LongStream.rangeClosed(2, total + 1).boxed().toList());
            assertThat(normal.closeCode()).isNull();
        }
    }

    @Test
    void feedMetricsAreExported() {
        createFleet(token, owner, "Counted");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("fleetpulse_websocket_connections", "fleetpulse_feed_events_published_total", "fleetpulse_feed_events_delivered_total",
                "fleetpulse_feed_subscriptions", "fleetpulse_feed_slow_consumer_disconnects_total",
                "fleetpulse_feed_replays_total", "fleetpulse_feed_resyncs_total")) {
            assertThat(metrics).contains(name);
        }
    }
}
