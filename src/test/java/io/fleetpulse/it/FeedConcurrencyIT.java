package io.fleetpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpulse.support.DatabaseServer;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Http;
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

    @Test
    void rowsWrittenByAnyDatabaseClientArePushedToTabsOnEveryReplica() throws Exception {
        Owner owner = Owner.fresh();
        String path = "/ws/owners/" + owner.id() + "?since=0";
        try (FeedClient onFirst = FeedClient.connect(firstWs(path), owner.token());
                FeedClient onSecond = FeedClient.connect(second.ws(path), owner.token());
                OutboxAudit psql = OutboxAudit.open()) {
            String fleet = psql.queryOne("INSERT INTO fleets (owner_id, name, description) VALUES ('" + owner.id()
                    + "', 'From psql', 'an operator''s fleet') RETURNING id::text");
            String vehicle = psql.queryOne("INSERT INTO vehicles (owner_id, fleet_id, vin, make, model, model_year) "
                    + "VALUES ('" + owner.id() + "', '" + fleet + "', '1FTBR1Y8XPKA99001', 'Ford', 'Transit', 2023) "
                    + "RETURNING id::text");
            psql.execute("UPDATE fleets SET name = 'Renamed in psql' WHERE id = '" + fleet + "'");
            psql.execute("UPDATE vehicles SET status = 'IDLE' WHERE id = '" + vehicle + "'");
            JsonNode rest = Http.sendNow("GET", first("/api/owners/" + owner.id() + "/fleets/" + fleet), owner.token(),
                    null).body();
            psql.execute("DELETE FROM fleets WHERE id = '" + fleet + "'");
            for (FeedClient tab : List.of(onFirst, onSecond)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() >= 7);
                assertThat(tab.events()).extracting(e -> e.get("seq").asLong() + ":" + e.get("type").asText())
                        .containsExactly("1:FleetCreated", "2:VehicleCreated", "3:FleetUpdated", "4:FleetUpdated",
                                "5:VehicleUpdated", "6:VehicleDeleted", "7:FleetDeleted");
                // The same JSON as the REST representation, derived fields included.
                assertThat(tab.events().get(3).get("data")).isEqualTo(rest);
                assertThat(tab.events().get(2).get("data").get("vehicleCount").asInt()).isEqualTo(1);
                assertThat(tab.events().get(4).get("data").get("status").asText()).isEqualTo("IDLE");
                assertThat(tab.events().get(4).get("data").get("version").asLong()).isEqualTo(1);
            }
            assertThat(Http.sendNow("GET", second.http("/api/owners/" + owner.id() + "/fleets"), owner.token(), null)
                    .header("X-Change-Seq")).isEqualTo("7");
            assertThat(psql.violations(owner.id(), List.of())).isEmpty();
        }
    }

    @Test
    void aForgedNotificationBeyondTheLogCausesNoResyncAndNoLoop() throws Exception {
        Owner owner = Owner.fresh();
        String path = "/ws/owners/" + owner.id() + "?since=0";
        MixedWorkload writes = new MixedWorkload(List.of(first("/")));
        try (FeedClient onFirst = FeedClient.connect(firstWs(path), owner.token());
                FeedClient onSecond = FeedClient.connect(second.ws(path), owner.token());
                OutboxAudit psql = OutboxAudit.open()) {
            writes.send("fleet.create", owner, "POST", "/api/owners/" + owner.id() + "/fleets", null,
                    io.fleetpulse.support.Api.fleetBody("one"), Map.of()).join();
            psql.execute("SELECT pg_notify('fleetpulse_changes', 'forged|" + owner.id() + "|1001')");
            psql.execute("SELECT pg_notify('fleetpulse_changes', 'forged|" + owner.id() + "|not-a-number')");
            writes.send("fleet.create", owner, "POST", "/api/owners/" + owner.id() + "/fleets", null,
                    io.fleetpulse.support.Api.fleetBody("two"), Map.of()).join();
            for (FeedClient tab : List.of(onFirst, onSecond)) {
                // Notifications are handled in order: once seq 2 is here, the forged hint was handled before it.
                await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() >= 2);
                assertThat(tab.messages()).extracting(m -> m.path("type").asText() + ":" + m.path("seq").asLong())
                        .containsExactly("FleetCreated:1", "FleetCreated:2");
            }
        }
    }

    @Test
    void tabsOfAKilledReplicaResumeOnTheOtherWithNothingLostOrDoubled() {
        List<Owner> owners = IntStream.range(0, 4).mapToObj(i -> Owner.fresh()).toList();
        MixedWorkload workload = new MixedWorkload(List.of(first("/")));
        Map<String, List<JsonNode>> received = new HashMap<>();
        try (Replica doomed = Replica.start("c", Map.of())) {
            Map<String, FeedClient> tabs = new HashMap<>();
            for (Owner owner : owners) {
                tabs.put(owner.id(), FeedClient.connect(doomed.ws("/ws/owners/" + owner.id() + "?since=0"), owner.token()));
            }
            java.util.concurrent.CompletableFuture<Void> burst = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int round = 0; round < 3; round++) {
                    workload.round(owners, round);
                }
            });
            // Mid-burst: once every tab has seen some events, the replica disappears without a close frame.
            await().atMost(Duration.ofSeconds(60)).until(() -> tabs.values().stream().allMatch(t -> t.events().size() >= 5));
            doomed.kill();
            for (Owner owner : owners) {
                FeedClient dead = tabs.get(owner.id());
                try {
                    await().atMost(Duration.ofSeconds(10)).until(dead::isClosed);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // The process is gone (kill waits for its exit), so nothing more can arrive; a JDK client has
                    // been seen not to report the dead TCP connection within 10 s once in CI. A real tab notices
                    // through its own heartbeat timeout: do what that timeout does.
                    System.out.println("[FeedConcurrencyIT] tab of " + owner.id() + " did not report the killed replica's"
                            + " TCP close within 10 s (" + dead.events().size() + " events); aborting it as a heartbeat timeout would");
                    dead.abort();
                }
                received.put(owner.id(), new ArrayList<>(dead.events()));
            }
            burst.join();
            try (OutboxAudit audit = OutboxAudit.open()) {
                for (Owner owner : owners) {
                    List<JsonNode> before = received.get(owner.id());
                    long last = before.isEmpty() ? 0 : before.get(before.size() - 1).get("seq").asLong();
                    try (FeedClient resumed = FeedClient.connect(firstWs("/ws/owners/" + owner.id() + "?since=" + last),
                            owner.token())) {
                        List<OutboxAudit.Event> log = audit.events(owner.id());
                        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                            List<JsonNode> all = new ArrayList<>(before);
                            all.addAll(resumed.events());
                            assertThat(summary(all)).as("tab of " + owner.id() + " before and after").isEqualTo(summaryOf(log));
                        });
                    }
                    assertThat(audit.violations(owner.id(), workload.ops())).isEmpty();
                }
            }
            assertThat(workload.ops()).allSatisfy(op -> assertThat(op.status()).as(op.toString()).isBetween(200, 499));
        }
    }

    @Test
    void aCreateRetriedWithItsIdempotencyKeyGetsTheFirstAnswerOnEitherReplica() {
        Owner owner = Owner.fresh();
        String fleets = "/api/owners/" + owner.id() + "/fleets";
        Map<String, Object> body = io.fleetpulse.support.Api.fleetBody("Retried");
        Map<String, String> key = Map.of("Idempotency-Key", "create-" + owner.id());
        // Five at once (a client retrying impatiently), half on each replica: one create, five identical answers.
        List<Http.Reply> replies = IntStream.range(0, 5).mapToObj(i -> Http.send("POST",
                        (i % 2 == 0 ? first(fleets) : second.http(fleets)), owner.token(), body, key)).toList()
                .stream().map(java.util.concurrent.CompletableFuture::join).toList();
        Http.Reply original = replies.get(0);
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body()).isEqualTo(original.body());
            assertThat(reply.header("ETag")).isEqualTo(original.header("ETag"));
            assertThat(URI.create(reply.header("Location")).getPath()).isEqualTo(URI.create(original.header("Location")).getPath());
        });
        assertThat(replies).filteredOn(reply -> "true".equals(reply.header("Idempotent-Replayed"))).hasSize(4);
        Http.Reply later = Http.send("POST", second.http(fleets), owner.token(), body, key).join();
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.body()).isEqualTo(original.body());

        Map<String, Object> other = io.fleetpulse.support.Api.fleetBody("Something else");
        Http.Reply misuse = Http.send("POST", first(fleets), owner.token(), other, key).join();
        assertThat(misuse.status()).isEqualTo(422);
        assertThat(misuse.header("Content-Type")).startsWith("application/problem+json");
        assertThat(misuse.body().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");

        String fleet = original.body().get("id").asText();
        Map<String, Object> vehicle = io.fleetpulse.support.Api.vehicleBody(io.fleetpulse.support.Api.newVin());
        Map<String, String> vehicleKey = Map.of("Idempotency-Key", "vehicle-" + owner.id());
        Http.Reply car = Http.send("POST", first(fleets + "/" + fleet + "/vehicles"), owner.token(), vehicle, vehicleKey).join();
        Http.Reply carAgain = Http.send("POST", second.http(fleets + "/" + fleet + "/vehicles"), owner.token(), vehicle,
                vehicleKey).join();
        assertThat(car.status()).isEqualTo(201);
        assertThat(carAgain.status()).isEqualTo(201);
        assertThat(carAgain.body()).isEqualTo(car.body());
        try (OutboxAudit audit = OutboxAudit.open()) {
            assertThat(audit.events(owner.id())).extracting(OutboxAudit.Event::type)
                    .containsExactly("FleetCreated", "VehicleCreated", "FleetUpdated");
        }
    }

    @Test
    void aDatabaseRestartMidBurstAnswers503sOnlyAndLosesNothing() {
        List<Owner> owners = IntStream.range(0, 3).mapToObj(i -> Owner.fresh()).toList();
        MixedWorkload workload = new MixedWorkload(List.of(first("/"), second.http("/")));
        Map<String, List<FeedClient>> tabs = new HashMap<>();
        DatabaseServer database = DatabaseServer.running();
        try {
            for (Owner owner : owners) {
                String path = "/ws/owners/" + owner.id() + "?since=0";
                tabs.put(owner.id(), new ArrayList<>(List.of(FeedClient.connect(firstWs(path), owner.token()),
                        FeedClient.connect(second.ws(path), owner.token()))));
            }
            workload.round(owners, 0);
            database.stop();
            long down = System.nanoTime();
            List<Http.Reply> refused = new ArrayList<>();
            for (Owner owner : owners) {
                for (URI replica : List.of(first("/api/owners/" + owner.id() + "/fleets"),
                        second.http("/api/owners/" + owner.id() + "/fleets"))) {
                    refused.add(Http.send("POST", replica, owner.token(),
                            io.fleetpulse.support.Api.fleetBody("during-outage"), Map.of()).join());
                }
            }
            assertThat(refused).allSatisfy(reply -> {
                assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(503);
                assertThat(reply.header("Retry-After")).isNotNull();
                assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.sendNow("GET", first("/q/health/ready"), null, null)
                    .status() == 503);
            database.start();
            long up = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                    Http.sendNow("GET", first("/q/health/ready"), null, null).status() == 200
                            && Http.sendNow("GET", second.http("/q/health/ready"), null, null).status() == 200);
            System.out.printf("FeedConcurrencyIT: database down %d ms; both replicas ready %d ms after it was back%n",
                    (up - down) / 1_000_000, (System.nanoTime() - up) / 1_000_000);
            workload.round(owners, 1);
            assertThat(workload.ops()).allSatisfy(op -> assertThat(op.status()).as(op.toString()).isBetween(200, 499));
            try (OutboxAudit audit = OutboxAudit.open()) {
                for (Owner owner : owners) {
                    assertThat(audit.violations(owner.id(), workload.ops())).isEmpty();
                    List<OutboxAudit.Event> log = audit.events(owner.id());
                    assertThat(log).noneMatch(e -> e.data().path("name").asText().equals("during-outage"));
                    for (FeedClient tab : tabs.get(owner.id())) {
                        // A tab closed during the outage (4503) resumes with since, as a dashboard would.
                        await().atMost(Duration.ofSeconds(20)).until(() -> tab.isClosed()
                                || tab.events().size() >= log.size());
                        List<JsonNode> all = new ArrayList<>(tab.events());
                        if (tab.isClosed() && all.size() < log.size()) {
                            long last = all.isEmpty() ? 0 : all.get(all.size() - 1).get("seq").asLong();
                            URI resume = firstWs("/ws/owners/" + owner.id() + "?since=" + last);
                            try (FeedClient again = FeedClient.connect(resume, owner.token())) {
                                await().atMost(Duration.ofSeconds(20)).until(() -> all.size() + again.events().size()
                                        >= log.size());
                                all.addAll(again.events());
                            }
                        }
                        assertThat(summary(all)).as("a tab of " + owner.id()).isEqualTo(summaryOf(log));
                    }
                }
            }
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
