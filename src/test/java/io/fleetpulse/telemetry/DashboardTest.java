package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static io.fleetpulse.telemetry.Readings.reading;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DashboardTest {

    @Test
    void theDashboardCountsFleetsVehiclesStatusesReportersAndPagesTheSnapshots() {
        String owner = Tokens.newOwnerId();
        String token = Tokens.owner(owner);
        String north = createFleet(token, owner, "North");
        String south = createFleet(token, owner, "South");
        createFleet(token, owner, "Empty");
        String a = createVehicle(token, owner, north);
        String b = createVehicle(token, owner, north);
        String c = vehicle(token, owner, south, "IDLE");
        vehicle(token, owner, south, "MAINTENANCE");
        vehicle(token, owner, south, "IDLE");
        Instant now = Instant.now();
        as(token).body(Map.of("readings", List.of(
                        reading(a, now.minus(1, ChronoUnit.MINUTES), 1),
                        reading(b, now.minus(20, ChronoUnit.MINUTES), 2),
                        reading(c, now.minus(3, ChronoUnit.HOURS), 3))))
                .post("/api/owners/{o}/telemetry", owner).then().statusCode(200).body("accepted", equalTo(3));
        String seq = as(token).get("/api/owners/{o}/fleets", owner).then().extract().header("X-Change-Seq");

        as(token).queryParam("size", 2).get("/api/owners/{o}/dashboard", owner)
                .then().statusCode(200)
                .header("X-Change-Seq", seq)
                .header("X-Total-Count", "3")
                .body("ownerId", equalTo(owner))
                .body("seq", equalTo(Integer.parseInt(seq)))
                .body("fleetCount", equalTo(3))
                .body("vehicleCount", equalTo(5))
                .body("vehiclesByStatus.ACTIVE", equalTo(2))
                .body("vehiclesByStatus.IDLE", equalTo(2))
                .body("vehiclesByStatus.MAINTENANCE", equalTo(1))
                .body("vehiclesByStatus.RETIRED", equalTo(0))
                .body("reportingWithinMinutes", equalTo(15))
                .body("vehiclesReporting", equalTo(1))
                .body("latestTotal", equalTo(3))
                .body("latest", hasSize(2));
        as(token).queryParam("size", 2).queryParam("page", 1).get("/api/owners/{o}/dashboard", owner)
                .then().statusCode(200).body("latest", hasSize(1));
        as(token).queryParam("reportingWithinMinutes", 30).get("/api/owners/{o}/dashboard", owner)
                .then().statusCode(200).body("vehiclesReporting", equalTo(2)).body("latest", hasSize(3));
        as(token).queryParam("reportingWithinMinutes", 240).get("/api/owners/{o}/dashboard", owner)
                .then().body("vehiclesReporting", equalTo(3));
    }

    @Test
    void anOwnerWithNothingGetsZerosAndSeqZero() {
        String owner = Tokens.newOwnerId();
        as(Tokens.owner(owner)).get("/api/owners/{o}/dashboard", owner)
                .then().statusCode(200)
                .header("X-Change-Seq", "0").header("X-Total-Count", "0")
                .body("fleetCount", equalTo(0)).body("vehicleCount", equalTo(0))
                .body("vehiclesReporting", equalTo(0)).body("latest", hasSize(0));
    }

    @Test
    void anOutOfRangeReportingWindowIs400AndAnotherOwnersDashboardIs403() {
        String owner = Tokens.newOwnerId();
        as(Tokens.owner(owner)).queryParam("reportingWithinMinutes", 0).get("/api/owners/{o}/dashboard", owner)
                .then().statusCode(400).body("errors[0].field", equalTo("reportingWithinMinutes"));
        as(Tokens.owner(owner)).queryParam("reportingWithinMinutes", 100000).get("/api/owners/{o}/dashboard", owner)
                .then().statusCode(400);
        as(Tokens.owner(owner)).get("/api/owners/{o}/dashboard", Tokens.newOwnerId()).then().statusCode(403);
    }

    private static String vehicle(String token, String owner, String fleet, String status) {
        Map<String, Object> body = vehicleBody(newVin());
        body.put("status", status);
        return as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(201).extract().path("id");
    }
}
