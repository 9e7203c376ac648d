package io.fleetpulse.it;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.fleetBody;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Black-box REST CRUD of fleets and vehicles against the packaged application and a real PostgreSQL. */
@QuarkusIntegrationTest
class FleetVehicleCrudIT {

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @Test
    void fleetCanBeCreatedReadListedUpdatedAndDeleted() {
        String id = as(token).body(fleetBody("Harbour"))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("name", equalTo("Harbour"))
                .body("ownerId", equalTo(owner))
                .body("createdAt", notNullValue())
                .extract().path("id");

        as(token).get("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(200).body("name", equalTo("Harbour")).body("vehicleCount", equalTo(0));
        as(token).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(200).header("X-Total-Count", "1").body("name", contains("Harbour"));

        as(token).body(Map.of("name", "Harbour East", "version", 0))
                .put("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(200).header("ETag", "\"1\"").body("name", equalTo("Harbour East"));

        as(token).delete("/api/owners/{o}/fleets/{id}", owner, id).then().statusCode(204);
        as(token).get("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void vehicleCanBeCreatedReadListedUpdatedAndDeleted() {
        String fleet = createFleet(token, owner, "Depot");
        String vin = newVin();
        String id = as(token).body(vehicleBody(vin))
                .post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(201)
                .body("vin", equalTo(vin))
                .body("fleetId", equalTo(fleet))
                .body("status", equalTo("ACTIVE"))
                .extract().path("id");

        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).body("make", equalTo("Ford")).body("year", equalTo(2022));
        as(token).get("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id));

        Map<String, Object> update = vehicleBody(vin);
        update.put("status", "MAINTENANCE");
        update.put("version", 0);
        as(token).body(update).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).body("status", equalTo("MAINTENANCE")).body("version", equalTo(1));

        as(token).delete("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(204);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(404);
    }

    @Test
    void invalidBodyIsAProblemListingTheField() {
        as(token).body(Map.of("name", " "))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("name"));
    }
}
