package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.telemetry.Readings.reading;
import static io.fleetpulse.telemetry.Readings.with;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TelemetryIngestTest {

    String owner;
    String token;
    String fleet;
    String vehicle;
    Instant now;

    @BeforeEach
    void newOwnerWithAVehicle() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
        fleet = createFleet(token, owner, "Trucks");
        vehicle = createVehicle(token, owner, fleet);
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void aValidReadingIsStoredAndBecomesTheLatestSnapshot() {
        as(token).body(reading(now, 42.0)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200)
                .body("received", equalTo(1)).body("accepted", equalTo(1)).body("latestUpdated", equalTo(1))
                .body("rejected", empty());
        as(token).get("/api/owners/{o}/vehicles/{v}", owner, vehicle)
                .then().statusCode(200)
                .body("latest.vehicleId", equalTo(vehicle))
                .body("latest.recordedAt", equalTo(now.toString()))
                .body("latest.speedKph", equalTo(42.0f))
                .body("latest.engineOn", equalTo(true));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].lat", equalTo(52.52f));
    }

    @Test
    void vehicleListsCarryTheLatestSnapshotOrNull() {
        String quiet = createVehicle(token, owner, fleet);
        as(token).body(reading(now, 7.0)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200);
        as(token).queryParam("fleetId", fleet).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200)
                .body("find { it.id == '" + vehicle + "' }.latest.speedKph", equalTo(7.0f))
                .body("find { it.id == '" + quiet + "' }.latest", nullValue());
    }

    @Test
    void outOfRangeFieldsAreA400NamingEachField() {
        Map<String, Object> bad = reading(now, -1.0);
        bad.put("lat", 90.5);
        bad.put("lon", -180.1);
        bad.put("headingDeg", 360.5);
        bad.put("fuelPct", 100.1);
        bad.put("batteryPct", -0.1);
        bad.put("odometerKm", -1);
        as(token).body(bad).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("batteryPct", "fuelPct", "headingDeg", "lat", "lon", "odometerKm",
                        "speedKph"));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).then().body("$", empty());
    }

    @Test
    void boundaryValuesAreAccepted() {
        Map<String, Object> edge = reading(now, 0.0);
        edge.put("lat", -90);
        edge.put("lon", 180);
        edge.put("headingDeg", 360);
        edge.put("fuelPct", 0);
        edge.put("batteryPct", 100);
        edge.put("odometerKm", 0);
        edge.remove("engineOn");
        as(token).body(edge).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void recordedAtIsRequiredAndNotTooFarInTheFuture() {
        Map<String, Object> missing = reading(now, 1.0);
        missing.remove("recordedAt");
        as(token).body(missing).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).body("errors.field", contains("recordedAt"));
        as(token).body(reading(now.plus(10, ChronoUnit.MINUTES), 1.0))
                .post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).body("errors.field", contains("recordedAt"));
        as(token).body(reading(now.plus(1, ChronoUnit.MINUTES), 1.0))
                .post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200);
    }

    @Test
    void wrongTypesAndAForeignVehicleIdInTheBodyAre400() {
        as(token).body(with(reading(now, 1.0), "lat", "north"))
                .post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("lat"));
        as(token).body(with(reading(now, 1.0), "vehicleId", UUID.randomUUID().toString()))
                .post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).body("errors.field", contains("vehicleId"));
    }

    @Test
    void aVehicleOfAnotherOwnerOrNoVehicleIs404() {
        String other = Tokens.newOwnerId();
        String theirs = createVehicle(Tokens.owner(other), other, createFleet(Tokens.owner(other), other, "Theirs"));
        as(token).body(reading(now, 1.0)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, theirs)
                .then().statusCode(404).contentType("application/problem+json");
        as(token).body(reading(now, 1.0)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void aBatchStoresTheValidEntriesAndReportsTheRejectedOnesByIndexAndField() {
        String second = createVehicle(token, owner, fleet);
        List<Map<String, Object>> readings = List.of(
                reading(vehicle, now.minusSeconds(2), 10),
                with(reading(vehicle, now, 11), "lat", 91),
                reading(second, now.minusSeconds(1), 12),
                with(reading(second, now, 13), "speedKph", -5),
                reading(UUID.randomUUID().toString(), now, 14),
                with(reading(null, now, 15), "vehicleId", null),
                reading(vehicle, now.minusSeconds(1), 16));
        as(token).body(Map.of("readings", readings)).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200)
                .body("received", equalTo(7))
                .body("accepted", equalTo(3))
                .body("latestUpdated", equalTo(2))
                .body("rejected.index", contains(1, 3, 4, 5))
                .body("rejected[0].errors.field", contains("readings[1].lat"))
                .body("rejected[1].errors.field", contains("readings[3].speedKph"))
                .body("rejected[1].vehicleId", equalTo(second))
                .body("rejected[2].errors.field", contains("readings[4].vehicleId"))
                .body("rejected[3].errors.field", contains("readings[5].vehicleId"));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().body("speedKph", contains(16.0f, 10.0f));
        as(token).get("/api/owners/{o}/vehicles/{v}", owner, second)
                .then().body("latest.speedKph", equalTo(12.0f));
    }

    @Test
    void aBatchWithEveryEntryRejectedStoresNothingAndSaysSo() {
        as(token).body(Map.of("readings", List.of(with(reading(vehicle, now, 1), "lon", 500))))
                .post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200).body("accepted", equalTo(0)).body("rejected", hasSize(1));
    }

    @Test
    void anEmptyMissingOrOversizedBatchIs400() {
        as(token).body(Map.of("readings", List.of())).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(400).body("errors.field", contains("readings"));
        as(token).body(Map.of()).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(400).body("errors.field", contains("readings"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(reading(vehicle, now.minusSeconds(i), i));
        }
        as(token).body(Map.of("readings", tooMany)).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(400).body("errors.field", contains("readings"));
    }

    @Test
    void aFullBatchOfAThousandReadingsIsAccepted() {
        List<Map<String, Object>> full = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            full.add(reading(vehicle, now.minusMillis(i), i));
        }
        as(token).body(Map.of("readings", full)).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200).body("accepted", equalTo(1000)).body("latestUpdated", equalTo(1));
        as(token).get("/api/owners/{o}/vehicles/{v}", owner, vehicle)
                .then().body("latest.speedKph", equalTo(0.0f));
    }

    @Test
    void aLateReadingGoesToHistoryButNeverReplacesANewerSnapshot() {
        as(token).body(reading(now, 50)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("latestUpdated", equalTo(1));
        as(token).body(reading(now.minusSeconds(30), 30)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("accepted", equalTo(1)).body("latestUpdated", equalTo(0));
        as(token).body(reading(now, 99)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("latestUpdated", equalTo(0));
        as(token).get("/api/owners/{o}/vehicles/{v}", owner, vehicle)
                .then().body("latest.speedKph", equalTo(50.0f)).body("latest.recordedAt", equalTo(now.toString()));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().body("speedKph", containsInAnyOrder(50.0f, 99.0f, 30.0f)).body("[2].speedKph", equalTo(30.0f));
    }

    @Test
    void historyIsNewestFirstWithinFromAndToAndBoundedByLimit() {
        List<Map<String, Object>> readings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readings.add(reading(vehicle, now.minusSeconds(10 * i), i));
        }
        as(token).body(Map.of("readings", readings)).post("/api/owners/{o}/telemetry", owner).then().statusCode(200);
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("speedKph", contains(0f, 1f, 2f, 3f, 4f));
        as(token).queryParam("limit", 2).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().body("speedKph", contains(0f, 1f));
        as(token).queryParam("from", now.minusSeconds(30).toString()).queryParam("to", now.toString())
                .get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().body("speedKph", contains(1f, 2f, 3f));
    }

    @Test
    void anUnsupportedMethodOnTheBatchRouteIs405() {
        as(token).get("/api/owners/{o}/telemetry", owner)
                .then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void invalidHistoryParametersAre400NamingThem() {
        as(token).queryParam("limit", 0).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).body("errors.field", contains("limit"));
        as(token).queryParam("limit", 1001).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).body("errors.field", contains("limit"));
        as(token).queryParam("from", "yesterday").get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).body("errors.field", contains("from"));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, UUID.randomUUID())
                .then().statusCode(404);
    }
}
