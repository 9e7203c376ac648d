package io.fleetpulse.realtime;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Metrics;
import io.fleetpulse.support.RawFeedSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
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

/** What the change feed guarantees to each connection, and what its metrics count of a test's own action. */
@QuarkusTest
class ChangeDeliveryGuaranteesTest {

    @Inject
    Pool pool;

    @Inject
    ChangeBroadcaster broadcaster;

    static final String SLOW = "fleetpulse_feed_slow_consumer_disconnects_total";
    static final String PUBLISHED = "fleetpulse_feed_events_published_total";
    static final String DELIVERED = "fleetpulse_feed_events_delivered_total";
    static final String REPLAYS = "fleetpulse_feed_replays_total";
    static final String REPLAYED = "fleetpulse_feed_replayed_events_total";
    static final String RESYNCS = "fleetpulse_feed_resyncs_total";
    static final ObjectMapper JSON = new ObjectMapper();

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
    void aClientThatStopsReadingIsClosedTooSlowWhileANormalClientKeepsReceiving() throws Exception {
        String fleet = createFleet(token, owner, "Busy");
        String description = "d".repeat(990);
        Metrics before = Metrics.scrape();
        try (FeedClient normal = FeedClient.connect(feed(1), token);
                RawFeedSocket stalled = RawFeedSocket.open(feed(1), token, 4096)) {
            // The stalled client reads nothing from here on: its window fills, then the server's buffers,
            // then the feed's in-flight and pending limits. Write until the server says it closed it.
            int written = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (Metrics.scrape().delta(before, SLOW) == 0) {
                assertThat(System.nanoTime()).as("no slow-consumer close after %d events", written).isLessThan(deadline);
                for (int i = 0; i < 20; i++, written++) {
                    as(token).body(Map.of("name", "Busy", "description", description + written))
                            .put("/api/owners/{o}/fleets/{id}", owner, fleet).then().statusCode(200);
                }
            }
            int total = written;

            // Reading again, the stalled client finds what the server wrote, in order, then the close frame.
            RawFeedSocket.Received received = stalled.readUntilClose(Duration.ofSeconds(20));
            assertThat(received.closeCode()).as("close code").isEqualTo(4408);
            List<Long> stalledSeqs = received.texts().stream().map(ChangeDeliveryGuaranteesTest::seqOf).toList();
            assertThat(stalledSeqs).as("a prefix of the events, in order, none twice")
                    .containsExactlyElementsOf(LongStream.rangeClosed(2, stalledSeqs.size() + 1).boxed().toList());
            assertThat(stalledSeqs.size()).isLessThan(total);

            await().atMost(Duration.ofSeconds(30)).until(() -> normal.events().size() == total);
            assertThat(normal.events()).extracting(e -> e.get("seq").asLong())
                    .containsExactlyElementsOf(LongStream.rangeClosed(2, total + 1).boxed().toList());
            assertThat(normal.closeCode()).isNull();

            Metrics after = Metrics.scrape();
            assertThat(after.delta(before, SLOW)).as("slow-consumer closes").isEqualTo(1);
            assertThat(after.delta(before, PUBLISHED)).as("published").isEqualTo(total);
            // Every event reached the normal client; the stalled one's writes count as far as they completed.
            assertThat(after.delta(before, DELIVERED)).as("delivered").isBetween((double) total,
                    (double) total + stalledSeqs.size());
        }
    }

    @Test
    void eachCommitIsPublishedOnceAndDeliveredOnceToEveryTab() {
        try (FeedClient tab1 = FeedClient.connect(feed(0), token); FeedClient tab2 = FeedClient.connect(feed(0), token)) {
            // The first event proves both feeds follow live; the counted action is what comes after it.
            createFleet(token, owner, "First");
            await().atMost(Duration.ofSeconds(10)).until(() -> tab1.events().size() == 1 && tab2.events().size() == 1);
            Metrics before = Metrics.scrape();
            createFleet(token, owner, "Second");
            createFleet(token, owner, "Third");
            await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.scrape().delta(before, DELIVERED) >= 4);

            Metrics after = Metrics.scrape();
            assertThat(after.delta(before, PUBLISHED)).as("published").isEqualTo(2);
            assertThat(after.delta(before, DELIVERED)).as("delivered").isEqualTo(4);
            assertThat(after.delta(before, REPLAYS)).as("replays").isZero();
            assertThat(after.delta(before, SLOW)).as("slow-consumer closes").isZero();
            assertThat(tab1.events()).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(tab2.events()).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aResumeBehindTheLogCountsOneReplayAndTheEventsItReplayed() {
        for (int i = 0; i < 3; i++) {
            createFleet(token, owner, "R" + i);
        }
        Metrics before = Metrics.scrape();
        try (FeedClient tab = FeedClient.connect(feed(1), token)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.scrape().delta(before, DELIVERED) >= 2);
            Metrics after = Metrics.scrape();
            assertThat(tab.events()).extracting(e -> e.get("seq").asLong()).containsExactly(2L, 3L);
            assertThat(after.delta(before, REPLAYS)).as("replays").isEqualTo(1);
            assertThat(after.delta(before, REPLAYED)).as("replayed events").isEqualTo(2);
            assertThat(after.delta(before, DELIVERED)).as("delivered").isEqualTo(2);
            assertThat(after.delta(before, RESYNCS)).as("resyncs").isZero();
        }
    }

    @Test
    void aResumeAtTheCurrentSeqIsNoReplayAndOneAheadOfItIsOneResync() {
        createFleet(token, owner, "Only");
        Metrics before = Metrics.scrape();
        try (FeedClient current = FeedClient.connect(feed(1), token); FeedClient ahead = FeedClient.connect(feed(9), token)) {
            StartedFeeds.await(broadcaster, owner, 2); // so "Next" is live for both, not replayed
            await().atMost(Duration.ofSeconds(10)).until(() -> !ahead.messages().isEmpty());
            assertThat(ahead.messages().get(0).get("type").asText()).isEqualTo("Resync");
            createFleet(token, owner, "Next");
            await().atMost(Duration.ofSeconds(10)).until(() -> current.events().size() == 1 && ahead.events().size() == 1);
            Metrics after = Metrics.scrape();
            assertThat(after.delta(before, REPLAYS)).as("replays").isZero();
            assertThat(after.delta(before, REPLAYED)).as("replayed events").isZero();
            assertThat(after.delta(before, RESYNCS)).as("resyncs").isEqualTo(1);
        }
    }

    private String feed(long since) {
        return "/ws/owners/" + owner + "?since=" + since;
    }

    private static long seqOf(String frame) {
        try {
            return JSON.readTree(frame).get("seq").asLong();
        } catch (Exception e) {
            throw new IllegalStateException("Not a change event: " + frame, e);
        }
    }
}
