package io.fleetpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.MixedWorkload;
import io.fleetpulse.support.MixedWorkload.Owner;
import io.fleetpulse.support.OutboxAudit;
import io.fleetpulse.support.Replica;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's promise under load, black-box: two real replica processes on one PostgreSQL, many owners
 * writing concurrently through both, WebSocket tabs on both; every event counted.
 */
@QuarkusIntegrationTest
class FeedConcurrencyIT {

    private static final int OWNERS = 10;
    private static final int ROUNDS = 6;
    private static Replica second;

    @BeforeEach
    void secondReplica() {
        if (second == null) {
            second = Replica.start("b", Map.of());
        }
    }

    @AfterAll
    static void stopSecondReplica() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    static URI first(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    static URI firstWs(String path) {
        return URI.create("ws://localhost:" + RestAssured.port + path);
    }

    @Test
    void concurrentMixedWritesOnTwoReplicasReachEveryTabExactlyOnceInOrder() {
        List<Owner> owners = IntStream.range(0, OWNERS).mapToObj(i -> Owner.fresh()).toList();
        Map<String, List<FeedClient>> tabs = new HashMap<>();
        MixedWorkload workload = new MixedWorkload(List.of(first("/"), second.http("/")));
        try {
            for (Owner owner : owners) {
                String path = "/ws/owners/" + owner.id() + "?since=0";
                tabs.put(owner.id(), List.of(FeedClient.connect(firstWs(path), owner.token()),
                        FeedClient.connect(firstWs(path), owner.token()),
                        FeedClient.connect(second.ws(path), owner.token()),
                        FeedClient.connect(second.ws(path), owner.token())));
            }
            for (int round = 0; round < ROUNDS; round++) {
                workload.round(owners, round);
            }
            assertThat(workload.ops()).as("every answer is 2xx or 4xx; none failed, timed out or was 5xx")
                    .allSatisfy(op -> assertThat(op.status()).as(op.toString()).isBetween(200, 499));
            try (OutboxAudit audit = OutboxAudit.open()) {
                for (Owner owner : owners) {
                    assertThat(audit.violations(owner.id(), workload.ops())).as("outbox of " + owner.id()).isEmpty();
                    List<OutboxAudit.Event> log = audit.events(owner.id());
                    for (FeedClient tab : tabs.get(owner.id())) {
                        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(summary(tab.events()))
                                .as("a tab of " + owner.id()).isEqualTo(summaryOf(log)));
                    }
                }
                await().atMost(Duration.ofSeconds(5)).until(() -> audit.idleInTransaction() == 0);
            }
            long writes = workload.ops().size();
            long deletes = workload.ops().stream().filter(op -> op.kind().endsWith(".delete")).count();
            System.out.printf("FeedConcurrencyIT: %d writes (%d deletes, %d 4xx) over %d owners x %d rounds, "
                    + "%d tabs%n", writes, deletes, workload.ops().stream().filter(op -> !op.ok()).count(), OWNERS,
                    ROUNDS, OWNERS * 4);
        } finally {
            tabs.values().forEach(list -> list.forEach(FeedClient::close));
        }
    }

    /** seq:type:id of each event, the shape compared between a tab and the log. */
    static List<String> summary(List<JsonNode> events) {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : events) {
            lines.add(event.get("seq").asLong() + ":" + event.get("type").asText() + ":"
                    + event.path("data").path("id").asText());
        }
        return lines;
    }

    static List<String> summaryOf(List<OutboxAudit.Event> log) {
        return log.stream().map(e -> e.seq() + ":" + e.type() + ":" + e.data().path("id").asText()).toList();
    }
}
