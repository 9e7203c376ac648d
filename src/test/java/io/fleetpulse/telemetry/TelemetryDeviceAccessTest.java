package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.telemetry.Readings.reading;
import static org.hamcrest.Matchers.equalTo;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TelemetryDeviceAccessTest {

    String owner;
    String ownerToken;
    String fleet;
    String vehicle;
    String sibling;
    String device;

    @BeforeEach
    void ownerWithTwoVehiclesAndADeviceInTheFirst() {
        owner = Tokens.newOwnerId();
        ownerToken = Tokens.owner(owner);
        fleet = createFleet(ownerToken, owner, "Vans");
        vehicle = createVehicle(ownerToken, owner, fleet);
        sibling = createVehicle(ownerToken, owner, fleet);
        device = Tokens.device(owner, vehicle);
    }

    @Test
    void aDeviceMayWriteItsOwnVehicleSingleAndBatch() {
        as(device).body(reading(Instant.now(), 1)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("accepted", equalTo(1));
        as(device).body(Map.of("readings", List.of(reading(vehicle, Instant.now(), 2))))
                .post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void aDeviceMayNotWriteAnotherVehicleOfItsOwner() {
        as(device).body(reading(Instant.now(), 1)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, sibling)
                .then().statusCode(403).contentType("application/problem+json");
        as(device).body(Map.of("readings", List.of(reading(vehicle, Instant.now(), 1), reading(sibling, Instant.now(), 2))))
                .post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(403).contentType("application/problem+json");
        as(ownerToken).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aDeviceMayNotWriteAnotherOwnersTelemetry() {
        String other = Tokens.newOwnerId();
        as(device).body(reading(Instant.now(), 1)).post("/api/owners/{o}/vehicles/{v}/telemetry", other, vehicle)
                .then().statusCode(403);
        as(device).body(Map.of("readings", List.of(reading(vehicle, Instant.now(), 1))))
                .post("/api/owners/{o}/telemetry", other)
                .then().statusCode(403);
    }

    @Test
    void aDeviceMayReadNothing() {
        as(device).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).then().statusCode(403);
        as(device).get("/api/owners/{o}/vehicles/{v}", owner, vehicle).then().statusCode(403);
        as(device).get("/api/owners/{o}/vehicles", owner).then().statusCode(403);
        as(device).get("/api/owners/{o}/fleets", owner).then().statusCode(403);
        as(device).get("/api/owners/{o}/dashboard", owner).then().statusCode(403);
        as(device).body(Map.of("name", "x")).post("/api/owners/{o}/fleets", owner).then().statusCode(403);
    }

    @Test
    void staffMayWriteAnyOwnersTelemetryAndAnotherOwnerMayNot() {
        as(Tokens.staff()).body(reading(Instant.now(), 1)).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(200);
        String other = Tokens.newOwnerId();
        as(Tokens.owner(other)).body(reading(Instant.now(), 1))
                .post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(403);
    }

    @Test
    void ingestWithoutATokenIs401() {
        io.restassured.RestAssured.given().contentType("application/json").body(reading(Instant.now(), 1))
                .post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(401).contentType("application/problem+json");
    }
}
