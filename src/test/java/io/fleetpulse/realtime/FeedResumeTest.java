package io.fleetpulse.realtime;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.fleetBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpulse.changes.ChangeLogPruner;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeedResumeTest {

    static final int BURST = 500;

    private final List<FeedClient> clients = new ArrayList<>();
    private CompletableFuture<Void> burst;

    @Inject
    Pool pool;

    @Inject
    ChangeLogPruner pruner;

    @Inject
    FleetPulseConfig config;

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @AfterEach
    void closeClientsAndFinishTheBurst() throws Exception {
        for (FeedClient client : clients) {
            client.close();
        }
        if (burst != null) {
            burst.get(60, TimeUnit.SECONDS); // never leave writes running into the next test
        }
    }

    private FeedClient connect(long since) {
        FeedClient client = FeedClient.connect("/ws/owners/" + owner + "?since=" + since, token);
        clients.add(client);
        return client;
    }

    @Test
    void aClientThatDropsWhileEventsAreWrittenAndResumesWithSinceGetsEveryEventExactlyOnceInOrder() throws Exception {
        FeedClient first = connect(0);
        burst = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= BURST; i++) {
                as(token).body(fleetBody("Burst " + i)).post("/api/owners/{o}/fleets", owner).then().statusCode(201);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> first.events().size() >= 50);
        first.abort(); // a network drop: whatever it read up to here is all it has
        List<JsonNode> before = new ArrayList<>(first.events());
        long resumeFrom = before.get(before.size() - 1).get("seq").asLong();

        FeedClient second = connect(resumeFrom);
        burst.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.events().size() >= BURST - resumeFrom);
        List<Long> seqs = new ArrayList<>();
        before.forEach(e -> seqs.add(e.get("seq").asLong()));
        second.events().forEach(e -> seqs.add(e.get("seq").asLong()));
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, BURST).boxed().toList());
        // the events themselves, in order: seq n is fleet "Burst n"
        assertThat(second.events()).extracting(e -> e.get("data").get("name").asText())
                .containsExactlyElementsOf(LongStream.rangeClosed(resumeFrom + 1, BURST).mapToObj(n -> "Burst " + n)
                        .toList());
        assertThat(second.messages()).noneMatch(m -> m.path("type").asText().equals("Resync"));
    }

    @Test
    void resumingFromBeforeThePrunedWindowSendsResyncWithTheCurrentSeq() {
        for (int i = 0; i < 3; i++) {
            createFleet(token, owner, "F" + i);
        }
        // Age the owner's first two events past the retention age, then let the pruner run.
        pool.preparedQuery("UPDATE change_events SET occurred_at = now() - interval '30 days' "
                + "WHERE owner_id = $1 AND seq <= 2").execute(Tuple.of(owner)).await().indefinitely();
        pruner.prune().await().indefinitely();
        assertThat(seqsOf(owner)).as("the owner's events left").containsExactly(3L);

        try (FeedClient stale = FeedClient.connect("/ws/owners/" + owner + "?since=0", token);
                FeedClient fresh = FeedClient.connect("/ws/owners/" + owner + "?since=2", token)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stale.messages().isEmpty());
            JsonNode resync = stale.messages().get(0);
            assertThat(resync.get("type").asText()).isEqualTo("Resync");
            assertThat(resync.get("seq").asLong()).isEqualTo(3);

            createFleet(token, owner, "After");
            await().atMost(Duration.ofSeconds(10)).until(() -> stale.events().size() == 1 && fresh.events().size() == 2);
            assertThat(stale.events().get(0).get("seq").asLong()).isEqualTo(4);
            assertThat(fresh.events()).extracting(e -> e.get("seq").asLong()).containsExactly(3L, 4L);
            assertThat(fresh.messages()).noneMatch(m -> m.get("type").asText().equals("Resync"));
        }
    }

    @Test
    void aSinceAheadOfTheServerIsAResync() {
        createFleet(token, owner, "Only");
        try (FeedClient client = FeedClient.connect("/ws/owners/" + owner + "?since=99", token)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.messages().isEmpty());
            assertThat(client.messages().get(0).get("type").asText()).isEqualTo("Resync");
            assertThat(client.messages().get(0).get("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void pruningKeepsOnlyTheNewestEventsPerOwner() {
        for (int i = 0; i < 3; i++) {
            createFleet(token, owner, "K" + i);
        }
        // Simulate a long history: the owner's seq moves to max + 1, so the newest max events are seqs 2 and up.
        long max = config.realtime().retention().maxEventsPerOwner();
        pool.preparedQuery("UPDATE owners SET last_seq = $2 WHERE id = $1")
                .execute(Tuple.of(owner, max + 1)).await().indefinitely();
        pruner.prune().await().indefinitely();
        assertThat(seqsOf(owner)).containsExactly(2L, 3L);
    }

    private List<Long> seqsOf(String ownerId) {
        List<Long> seqs = new ArrayList<>();
        pool.preparedQuery("SELECT seq FROM change_events WHERE owner_id = $1 ORDER BY seq").execute(Tuple.of(ownerId))
                .await().indefinitely().forEach(row -> seqs.add(row.getLong(0)));
        return seqs;
    }
}
