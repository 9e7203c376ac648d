package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.telemetry.Readings.reading;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TelemetryPrunerTest {

    @Inject
    TelemetryPruner pruner;

    @Inject
    Pool pool;

    private long historyOf(String vehicleId) {
        return pool.preparedQuery("SELECT count(*) FROM telemetry_history WHERE vehicle_id = $1")
                .execute(Tuple.of(UUID.fromString(vehicleId))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    @Test
    void pruningDeletesHistoryPastRetentionAndKeepsTheLatestSnapshot() {
        String owner = Tokens.newOwnerId();
        String token = Tokens.owner(owner);
        String vehicle = createVehicle(token, owner, createFleet(token, owner, "Old"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant ancient = now.minus(40, ChronoUnit.DAYS);
        // The newest reading is itself past retention: history loses it, the latest snapshot keeps it.
        String other = createVehicle(token, owner, createFleet(token, owner, "Parked"));
        as(token).body(Map.of("readings", List.of(
                        reading(vehicle, ancient, 1),
                        reading(vehicle, ancient.plus(Duration.ofHours(1)), 2),
                        reading(vehicle, now.minus(1, ChronoUnit.DAYS), 3),
                        reading(vehicle, now, 4),
                        reading(other, ancient, 5))))
                .post("/api/owners/{o}/telemetry", owner).then().statusCode(200).body("accepted", equalTo(5));

        assertEquals(4, historyOf(vehicle));
        assertEquals(1, historyOf(other));

        pruner.prune().await().atMost(Duration.ofSeconds(10));

        // Exactly the readings past retention went: the other tests' rows are not this test's business.
        assertEquals(2, historyOf(vehicle));
        assertEquals(0, historyOf(other));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("speedKph", contains(4.0f, 3.0f));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, other).then().body("size()", equalTo(0));
        as(token).get("/api/owners/{o}/vehicles/{v}", owner, other)
                .then().body("latest.recordedAt", equalTo(ancient.toString()));
    }
}
