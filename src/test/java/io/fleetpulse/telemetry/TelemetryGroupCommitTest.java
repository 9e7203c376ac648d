package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpulse.support.Http;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * Many single readings at once, from several owners, go through the group commit (several requests share
 * one statement): every answer is right for its own request, whatever it shared a commit with. 200s are
 * stored exactly once, a reading for another owner's vehicle is a 404 and stored nowhere, each vehicle's
 * latest snapshot is its newest accepted reading, and every batch's report names its own foreign entries.
 */
@QuarkusTest
class TelemetryGroupCommitTest {

    private static final int OWNERS = 3;
    private static final int VEHICLES = 4;
    private static final int SINGLES = 600;

    @TestHTTPResource("/")
    URI root;

    @Inject
    Pool pool;

    private record Owner(String id, String token, List<String> vehicles) {
    }

    private record Sent(Owner owner, String vehicle, Instant recordedAt, boolean foreign, boolean batch,
            CompletableFuture<Http.Reply> response) {
    }

    @Test
    void concurrentSingleReadingsOfSeveralOwnersEachGetTheirOwnAnswer() throws InterruptedException {
        List<Owner> owners = new ArrayList<>();
        for (int o = 0; o < OWNERS; o++) {
            String id = Tokens.newOwnerId();
            String token = Tokens.owner(id);
            String fleet = createFleet(token, id, "Group commit");
            List<String> vehicles = new ArrayList<>();
            for (int v = 0; v < VEHICLES; v++) {
                vehicles.add(createVehicle(token, id, fleet));
            }
            owners.add(new Owner(id, token, vehicles));
        }
        Instant base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        Semaphore slots = new Semaphore(48);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < SINGLES; i++) {
            Owner owner = owners.get(i % OWNERS);
            Instant at = base.plusMillis(i);
            boolean foreign = i % 10 == 7; // names the next owner's vehicle on this owner's path
            boolean batch = i % 25 == 3;   // a batch: one own reading and one of the next owner's vehicle
            String vehicle = foreign ? owners.get((i + 1) % OWNERS).vehicles().get(i % VEHICLES)
                    : owner.vehicles().get(i % VEHICLES);
            String path;
            Object body;
            if (batch) {
                String foreignVehicle = owners.get((i + 1) % OWNERS).vehicles().get(0);
                path = "/api/owners/" + owner.id() + "/telemetry";
                body = Map.of("readings", List.of(Readings.reading(vehicle, at, i % 120),
                        Readings.reading(foreignVehicle, at, 1)));
            } else {
                path = "/api/owners/" + owner.id() + "/vehicles/" + vehicle + "/telemetry";
                body = Readings.reading(at, i % 120);
            }
            slots.acquire();
            CompletableFuture<Http.Reply> response = Http.send("POST", root.resolve(path), owner.token(), body, Map.of())
                    .whenComplete((r, f) -> slots.release());
            sent.add(new Sent(owner, vehicle, at, foreign && !batch, batch, response));
        }
        CompletableFuture.allOf(sent.stream().map(Sent::response).toArray(CompletableFuture[]::new)).join();

        Map<String, Instant> newest = new HashMap<>();
        Map<String, Set<Instant>> expected = new HashMap<>();
        for (Sent s : sent) {
            Http.Reply response = s.response().join();
            JsonNode body = response.body();
            if (s.foreign()) {
                assertThat(response.status()).as("%s", body).isEqualTo(404);
                continue;
            }
            assertThat(response.status()).as("%s", body).isEqualTo(200);
            assertThat(body.get("accepted").asInt()).isEqualTo(1);
            if (s.batch()) {
                assertThat(body.get("received").asInt()).isEqualTo(2);
                assertThat(body.get("rejected")).hasSize(1);
                assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
                assertThat(body.get("rejected").get(0).get("errors").get(0).get("field").asText())
                        .isEqualTo("readings[1].vehicleId");
            } else {
                assertThat(body.get("rejected")).isEmpty();
            }
            expected.computeIfAbsent(s.vehicle(), v -> new HashSet<>()).add(s.recordedAt());
            newest.merge(s.vehicle(), s.recordedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }

        for (Owner owner : owners) {
            for (String vehicle : owner.vehicles()) {
                List<Instant> stored = new ArrayList<>();
                for (Row row : pool.preparedQuery("SELECT recorded_at FROM telemetry_history WHERE vehicle_id = $1 "
                                + "AND owner_id = $2").execute(Tuple.of(java.util.UUID.fromString(vehicle), owner.id()))
                        .await().atMost(Duration.ofSeconds(30))) {
                    stored.add(row.getOffsetDateTime(0).toInstant());
                }
                // Exactly the accepted readings, each once: nothing of a 404 or of a batch's foreign entry.
                assertThat(stored).as("history of %s", vehicle)
                        .containsExactlyInAnyOrderElementsOf(expected.getOrDefault(vehicle, Set.of()));
                Row latest = pool.preparedQuery("SELECT recorded_at FROM telemetry_latest WHERE vehicle_id = $1")
                        .execute(Tuple.of(java.util.UUID.fromString(vehicle))).await().atMost(Duration.ofSeconds(30))
                        .iterator().next();
                assertThat(latest.getOffsetDateTime(0).toInstant()).as("latest of %s", vehicle)
                        .isEqualTo(newest.get(vehicle));
            }
        }
    }
}
