package io.fleetpulse.fleet;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.fleetBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FleetResourceTest {

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @Test
    void creatingAFleetReturns201WithLocationETagAndTheCreatedFleet() {
        as(token).body(fleetBody("North"))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(201)
                .header("Location", containsString("/api/owners/" + owner + "/fleets/"))
                .header("ETag", "\"0\"")
                .body("id", notNullValue())
                .body("ownerId", equalTo(owner))
                .body("name", equalTo("North"))
                .body("description", equalTo("Fleet North"))
                .body("vehicleCount", equalTo(0))
                .body("version", equalTo(0))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue());
    }

    @Test
    void theLocationOfACreatedFleetServesIt() {
        String location = as(token).body(fleetBody("Located"))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(201).extract().header("Location");
        as(token).get(location).then().statusCode(200).body("name", equalTo("Located")).header("ETag", "\"0\"");
    }

    @Test
    void listingFleetsIsSortedByNameAndPaginatedWithTotalAndLinks() {
        for (String name : new String[] {"charlie", "Alpha", "bravo", "Delta", "echo"}) {
            createFleet(token, owner, name);
        }
        as(token).queryParam("page", 0).queryParam("size", 2)
                .get("/api/owners/{o}/fleets", owner)
                .then().statusCode(200)
                .header("X-Total-Count", "5")
                .header("Link", containsString("rel=\"next\""))
                .body("name", contains("Alpha", "bravo"));
        as(token).queryParam("page", 2).queryParam("size", 2)
                .get("/api/owners/{o}/fleets", owner)
                .then().statusCode(200)
                .header("Link", containsString("rel=\"prev\""))
                .body("name", contains("echo"));
    }

    @Test
    void pageSizeOutOfRangeIsAProblemNamingTheField() {
        as(token).queryParam("size", 0).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("size"));
        as(token).queryParam("page", -1).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).body("errors.field", hasItem("page"));
    }

    @Test
    void updatingAFleetReturnsTheNewVersionAndETag() {
        String id = createFleet(token, owner, "Before");
        as(token).body(Map.of("name", "After", "description", "renamed", "version", 0))
                .put("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo("After"))
                .body("description", equalTo("renamed"))
                .body("version", equalTo(1));
        as(token).get("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(200).body("name", equalTo("After")).body("version", equalTo(1));
    }

    @Test
    void aStaleVersionInTheBodyIs409AndAStaleIfMatchIs412() {
        String id = createFleet(token, owner, "Versioned");
        as(token).body(Map.of("name", "V1", "version", 0)).put("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(200);
        as(token).body(Map.of("name", "V2", "version", 0)).put("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(409).contentType("application/problem+json").body("errors.field", hasItem("version"));
        as(token).header("If-Match", "\"0\"").body(Map.of("name", "V2"))
                .put("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(412).contentType("application/problem+json");
        as(token).header("If-Match", "\"1\"").body(Map.of("name", "V2"))
                .put("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(200).body("version", equalTo(2));
        as(token).header("If-Match", "\"1\"").delete("/api/owners/{o}/fleets/{id}", owner, id)
                .then().statusCode(412);
    }

    @Test
    void fleetNamesAreUniquePerOwnerIgnoringCase() {
        createFleet(token, owner, "Depot");
        as(token).body(fleetBody("  dePOT ")).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors.field", hasItem("name"));
        String other = Tokens.newOwnerId();
        createFleet(Tokens.owner(other), other, "Depot");
        String second = createFleet(token, owner, "Yard");
        as(token).body(Map.of("name", "DEPOT")).put("/api/owners/{o}/fleets/{id}", owner, second)
                .then().statusCode(409);
    }

    @Test
    void invalidFleetFieldsAreListedInTheProblem() {
        as(token).body(Map.of("name", " ", "description", "x".repeat(1001)))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("errors.field", contains("description", "name"));
        as(token).body(Map.of("name", "n".repeat(101))).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).body("errors.field", contains("name"));
    }

    @Test
    void malformedJsonAndWrongTypesAre400NotServerErrors() {
        as(token).body("{\"name\": ").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", notNullValue()).body(not500());
        as(token).body("{\"name\": \"ok\", \"version\": \"seven\"}")
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("version"));
        as(token).body("[1,2]").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType("application/problem+json");
        as(token).body("").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aNonUuidOrUnknownFleetIdIs404() {
        as(token).get("/api/owners/{o}/fleets/not-a-uuid", owner)
                .then().statusCode(404).contentType("application/problem+json");
        as(token).get("/api/owners/{o}/fleets/{id}", owner, java.util.UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void wrongMethodAndMediaTypeAreProblems() {
        as(token).patch("/api/owners/{o}/fleets", owner)
                .then().statusCode(405).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("name=x")
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void bodiesOverTheLimitAre413() {
        as(token).body(Map.of("name", "big", "description", "x".repeat(70 * 1024)))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void chunkedBodiesOverTheLimitAre413() {
        byte[] big = ("{\"name\":\"big\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes();
        as(token).body(new java.io.ByteArrayInputStream(big))
                .post("/api/owners/{o}/fleets", owner)
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void deletingAFleetDeletesItsVehicles() {
        String fleet = createFleet(token, owner, "Doomed");
        String keep = createFleet(token, owner, "Kept");
        String v1 = createVehicle(token, owner, fleet);
        String v2 = createVehicle(token, owner, fleet);
        String v3 = createVehicle(token, owner, keep);
        as(token).get("/api/owners/{o}/fleets/{id}", owner, fleet).then().body("vehicleCount", equalTo(2));

        as(token).delete("/api/owners/{o}/fleets/{id}", owner, fleet).then().statusCode(204);

        as(token).get("/api/owners/{o}/fleets/{id}", owner, fleet).then().statusCode(404);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, v1).then().statusCode(404);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, v2).then().statusCode(404);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, v3).then().statusCode(200);
        as(token).get("/api/owners/{o}/vehicles", owner).then().body("$", hasSize(1)).header("X-Total-Count", "1");
    }

    @Test
    void errorsNeverLeakClassNamesOrStackTraces() {
        String body = as(token).body("{\"name\": [}").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.matches("(?s).*(Exception|\\bat [a-z]+\\.|com\\.fasterxml|io\\.).*"),
                body);
    }

    private static org.hamcrest.Matcher<?> not500() {
        return org.hamcrest.Matchers.not(nullValue());
    }
}
