package io.fleetpulse.vehicle;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class VehicleResourceTest {

    private static final String PROBLEM = "application/problem+json";

    String owner;
    String token;
    String fleet;

    @BeforeEach
    void newOwnerWithAFleet() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
        fleet = createFleet(token, owner, "Main");
    }

    // ---- create ---------------------------------------------------------------------------

    @Test
    void creatingAVehicleReturns201WithOwnerWideLocationETagAndTheVehicle() {
        String vin = newVin();
        ExtractableResponse<Response> created = as(token).body(vehicleBody(vin))
                .post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(201)
                .contentType("application/json")
                .header("ETag", "\"0\"")
                .body("id", notNullValue())
                .body("ownerId", equalTo(owner))
                .body("fleetId", equalTo(fleet))
                .body("vin", equalTo(vin))
                .body("plate", equalTo("AB-" + vin.substring(13)))
                .body("make", equalTo("Ford"))
                .body("model", equalTo("Transit"))
                .body("year", equalTo(2022))
                .body("status", equalTo("ACTIVE"))
                .body("version", equalTo(0))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location"), endsWith("/api/owners/" + owner + "/vehicles/" + id));

        as(token).get(created.header("Location"))
                .then().statusCode(200).header("ETag", "\"0\"").body("id", equalTo(id)).body("vin", equalTo(vin));
        as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet).then().body("vehicleCount", equalTo(1));
    }

    @Test
    void aVehicleCreatedWithoutStatusIsActive() {
        Map<String, Object> body = vehicleBody(newVin());
        body.remove("status");
        as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(201).body("status", equalTo("ACTIVE"));
    }

    @Test
    void creatingInAFleetThatDoesNotExistIs404() {
        as(token).body(vehicleBody(newVin()))
                .post("/api/owners/{o}/fleets/{f}/vehicles", owner, UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aBodyFleetIdOtherThanThePathFleetIsRejectedNamingFleetId() {
        String other = createFleet(token, owner, "Other");
        Map<String, Object> body = vehicleBody(newVin());
        body.put("fleetId", other);
        as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("fleetId"));
    }

    // ---- lists ----------------------------------------------------------------------------

    @Test
    void listingAFleetsVehiclesShowsOnlyThatFleetSortedByVin() {
        String other = createFleet(token, owner, "Other");
        List<String> vins = List.of("3FTBR1Y8X00000003", "1FTBR1Y8X00000001", "2FTBR1Y8X00000002");
        for (String vin : vins) {
            as(token).body(vehicleBody(vin)).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                    .then().statusCode(201);
        }
        createVehicle(token, owner, other);

        as(token).get("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(200)
                .header("X-Total-Count", "3")
                .header("Link", containsString("rel=\"last\""))
                .body("vin", contains("1FTBR1Y8X00000001", "2FTBR1Y8X00000002", "3FTBR1Y8X00000003"))
                .body("fleetId", contains(fleet, fleet, fleet));
    }

    @Test
    void listingAFleetThatDoesNotExistIs404() {
        as(token).get("/api/owners/{o}/fleets/{f}/vehicles", owner, UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void listingAllVehiclesIsSortedByVinAcrossFleetsAndPaginatedWithTotalAndLinks() {
        String other = createFleet(token, owner, "Other");
        String[] vins = {"5FTBR1Y8X00000005", "2FTBR1Y8X00000002", "4FTBR1Y8X00000004", "1FTBR1Y8X00000001",
                "3FTBR1Y8X00000003"};
        for (int i = 0; i < vins.length; i++) {
            as(token).body(vehicleBody(vins[i]))
                    .post("/api/owners/{o}/fleets/{f}/vehicles", owner, i % 2 == 0 ? fleet : other)
                    .then().statusCode(201);
        }

        as(token).queryParam("page", 0).queryParam("size", 2).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200)
                .header("X-Total-Count", "5")
                .header("Link", containsString("page=1"))
                .header("Link", containsString("rel=\"next\""))
                .header("Link", containsString("rel=\"last\""))
                .header("Link", not(containsString("rel=\"prev\"")))
                .body("vin", contains("1FTBR1Y8X00000001", "2FTBR1Y8X00000002"));
        as(token).queryParam("page", 1).queryParam("size", 2).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200)
                .header("X-Total-Count", "5")
                .header("Link", containsString("rel=\"prev\""))
                .header("Link", containsString("rel=\"next\""))
                .body("vin", contains("3FTBR1Y8X00000003", "4FTBR1Y8X00000004"));
        as(token).queryParam("page", 2).queryParam("size", 2).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200)
                .header("Link", containsString("rel=\"first\""))
                .header("Link", not(containsString("rel=\"next\"")))
                .body("vin", contains("5FTBR1Y8X00000005"));
        as(token).queryParam("page", 3).queryParam("size", 2).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "5").body("$", hasSize(0));
    }

    @Test
    void theOwnerWideListFiltersByStatusAndByFleet() {
        String other = createFleet(token, owner, "Other");
        String activeHere = createVehicleWith(fleet, "ACTIVE");
        String idleHere = createVehicleWith(fleet, "IDLE");
        String idleThere = createVehicleWith(other, "IDLE");
        String retiredThere = createVehicleWith(other, "RETIRED");

        as(token).queryParam("status", "IDLE").get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("id", containsInAnyOrder(idleHere, idleThere));
        as(token).queryParam("fleetId", other).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("id", containsInAnyOrder(idleThere, retiredThere));
        as(token).queryParam("fleetId", fleet).queryParam("status", "ACTIVE").get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "1").body("id", contains(activeHere));
        as(token).queryParam("status", "MAINTENANCE").get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "0").body("$", hasSize(0));
        as(token).queryParam("status", "IDLE").get("/api/owners/{o}/fleets/{f}/vehicles", owner, other)
                .then().statusCode(200).header("X-Total-Count", "1").body("id", contains(idleThere));
        as(token).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "4");
    }

    @Test
    void paginationLinksKeepTheFiltersAndLeadToTheNextPage() {
        String first = createVehicleWith(fleet, "IDLE");
        String second = createVehicleWith(fleet, "IDLE");
        createVehicleWith(fleet, "ACTIVE");

        String links = as(token).queryParam("status", "IDLE").queryParam("fleetId", fleet).queryParam("size", 1)
                .get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "2").body("id", contains(first))
                .extract().header("Link");
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(links);
        org.junit.jupiter.api.Assertions.assertTrue(next.find(), links);
        assertThat(next.group(1), containsString("status=IDLE"));
        assertThat(next.group(1), containsString("fleetId=" + fleet));
        as(token).get(next.group(1))
                .then().statusCode(200).header("X-Total-Count", "2").body("id", contains(second));
    }

    @Test
    void filteringByAFleetThatDoesNotExistIs404() {
        as(token).queryParam("fleetId", UUID.randomUUID()).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void anUnknownStatusFilterIs400NamingStatus() {
        as(token).queryParam("status", "PARKED").get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("status"));
        as(token).queryParam("status", "PARKED").get("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("status"));
    }

    @Test
    void aFleetIdFilterThatIsNotAUuidIs400NamingFleetId() {
        as(token).queryParam("fleetId", "north").get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("fleetId"));
    }

    @Test
    void nonNumericPageParametersAre400NamingEachField() {
        as(token).queryParam("page", "first").queryParam("size", "many").get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", containsInAnyOrder("page", "size"));
        as(token).queryParam("size", "x").get("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("size"));
        as(token).queryParam("page", "1.5").get("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("page"));
    }

    // ---- get / put / delete -----------------------------------------------------------------

    @Test
    void gettingAVehicleReturnsItWithItsETag() {
        String id = createVehicle(token, owner, fleet);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).contentType("application/json").header("ETag", "\"0\"")
                .body("id", equalTo(id)).body("fleetId", equalTo(fleet)).body("ownerId", equalTo(owner));
    }

    @Test
    void anUnknownOrNonUuidVehicleIdIs404() {
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
        as(token).get("/api/owners/{o}/vehicles/not-a-uuid", owner)
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void updatingAVehicleReplacesItsFieldsAndBumpsTheVersion() {
        String id = createVehicle(token, owner, fleet);
        String vin = newVin();
        Map<String, Object> body = new HashMap<>();
        body.put("vin", vin);
        body.put("plate", "NEW-1");
        body.put("make", "Mercedes");
        body.put("model", "Sprinter");
        body.put("year", 2020);
        body.put("status", "MAINTENANCE");
        body.put("version", 0);
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).header("ETag", "\"1\"")
                .body("vin", equalTo(vin)).body("plate", equalTo("NEW-1")).body("make", equalTo("Mercedes"))
                .body("model", equalTo("Sprinter")).body("year", equalTo(2020))
                .body("status", equalTo("MAINTENANCE")).body("fleetId", equalTo(fleet)).body("version", equalTo(1));
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).header("ETag", "\"1\"")
                .body("make", equalTo("Mercedes")).body("status", equalTo("MAINTENANCE")).body("version", equalTo(1));
    }

    @Test
    void aPutWithoutStatusKeepsTheStatus() {
        String id = createVehicleWith(fleet, "RETIRED");
        Map<String, Object> body = vehicleBody(newVin());
        body.remove("status");
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).body("status", equalTo("RETIRED"));
    }

    @Test
    void deletingAVehicleRemovesItAndTheFleetCountFollows() {
        String id = createVehicle(token, owner, fleet);
        createVehicle(token, owner, fleet);
        as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet).then().body("vehicleCount", equalTo(2));

        as(token).delete("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(204);

        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(404).contentType(PROBLEM);
        as(token).delete("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(404).contentType(PROBLEM);
        as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet).then().body("vehicleCount", equalTo(1));
    }

    @Test
    void deletingWithAStaleIfMatchIs412AndWithTheCurrentOneSucceeds() {
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = vehicleBody(newVin());
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(200);

        as(token).header("If-Match", "\"0\"").delete("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(412).contentType(PROBLEM);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(200);
        as(token).header("If-Match", "\"1\"").delete("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(204);
    }

    // ---- moving between fleets ---------------------------------------------------------------

    @Test
    void aPutWithAnotherFleetOfTheSameOwnerMovesTheVehicleAndBothCountsFollow() {
        String target = createFleet(token, owner, "Target");
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = currentBody(id);
        body.put("fleetId", target);

        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).body("fleetId", equalTo(target)).body("version", equalTo(1));

        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id).then().body("fleetId", equalTo(target));
        as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet).then().body("vehicleCount", equalTo(0));
        as(token).get("/api/owners/{o}/fleets/{f}", owner, target).then().body("vehicleCount", equalTo(1));
        as(token).get("/api/owners/{o}/fleets/{f}/vehicles", owner, target).then().body("id", contains(id));
        as(token).get("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet).then().body("$", hasSize(0));
    }

    @Test
    void movingAVehicleToAFleetOfAnotherOwnerIs400NamingFleetIdAndChangesNothing() {
        String stranger = Tokens.newOwnerId();
        String strangersFleet = createFleet(Tokens.owner(stranger), stranger, "Theirs");
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = currentBody(id);
        body.put("fleetId", strangersFleet);

        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("fleetId"));

        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().body("fleetId", equalTo(fleet)).body("version", equalTo(0));
        as(Tokens.owner(stranger)).get("/api/owners/{o}/fleets/{f}", stranger, strangersFleet)
                .then().body("vehicleCount", equalTo(0));
    }

    @Test
    void movingAVehicleToAFleetThatDoesNotExistIs400NamingFleetId() {
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = currentBody(id);
        body.put("fleetId", UUID.randomUUID().toString());
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("fleetId"));
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id).then().body("fleetId", equalTo(fleet));
    }

    // ---- VIN rules --------------------------------------------------------------------------

    @Test
    void aLowerCaseVinIsStoredInUpperCase() {
        String vin = newVin();
        as(token).body(vehicleBody(vin.toLowerCase())).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(201).body("vin", equalTo(vin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1FTBR1Y8X0000001", "1FTBR1Y8X000000001", "1FTBR1Y8X0000000I", "1FTBR1Y8X0000000O",
            "1FTBR1Y8X0000000Q", "1ftbr1y8x0000000q", "1FTBR1Y8X000-0001", ""})
    void aVinThatIsNot17CharactersWithoutIOQIsRejectedNamingVin(String vin) {
        Map<String, Object> body = vehicleBody(newVin());
        body.put("vin", vin);
        as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("vin"));
    }

    @Test
    void aVinIsUniquePerOwnerRegardlessOfCase() {
        String vin = newVin();
        createVehicleWithVin(vin);
        String other = createFleet(token, owner, "Other");
        as(token).body(vehicleBody(vin.toLowerCase())).post("/api/owners/{o}/fleets/{f}/vehicles", owner, other)
                .then().statusCode(409).contentType(PROBLEM).body("errors.field", contains("vin"));
    }

    @Test
    void changingAVinToOneAnotherVehicleHasIs409NamingVin() {
        String taken = newVin();
        createVehicleWithVin(taken);
        String id = createVehicle(token, owner, fleet);
        as(token).body(vehicleBody(taken)).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(409).contentType(PROBLEM).body("errors.field", contains("vin"));
    }

    @Test
    void keepingItsOwnVinOnPutIsNotAConflict() {
        String vin = newVin();
        String id = createVehicleWithVin(vin);
        Map<String, Object> body = vehicleBody(vin.toLowerCase());
        body.put("model", "Custom");
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).body("vin", equalTo(vin)).body("model", equalTo("Custom"));
    }

    @Test
    void anotherOwnerMayUseTheSameVin() {
        String vin = newVin();
        createVehicleWithVin(vin);
        String other = Tokens.newOwnerId();
        String otherToken = Tokens.owner(other);
        String otherFleet = createFleet(otherToken, other, "Main");
        as(otherToken).body(vehicleBody(vin)).post("/api/owners/{o}/fleets/{f}/vehicles", other, otherFleet)
                .then().statusCode(201).body("vin", equalTo(vin));
    }

    // ---- other field rules ------------------------------------------------------------------

    @Test
    void modelYearsFrom1950ToNextYearAreAccepted() {
        int nextYear = Year.now(ZoneOffset.UTC).getValue() + 1;
        for (int year : new int[] {1950, nextYear}) {
            Map<String, Object> body = vehicleBody(newVin());
            body.put("year", year);
            as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                    .then().statusCode(201).body("year", equalTo(year));
        }
    }

    @Test
    void modelYearsBefore1950OrAfterNextYearAreRejectedNamingYear() {
        int tooNew = Year.now(ZoneOffset.UTC).getValue() + 2;
        for (int year : new int[] {1949, tooNew}) {
            Map<String, Object> body = vehicleBody(newVin());
            body.put("year", year);
            as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                    .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("year"));
        }
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = vehicleBody(newVin());
        body.put("year", tooNew);
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("year"));
    }

    @Test
    void anUnknownStatusIs400NamingStatus() {
        Map<String, Object> body = vehicleBody(newVin());
        body.put("status", "PARKED");
        as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("status"));
        String id = createVehicle(token, owner, fleet);
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("status"));
    }

    @Test
    void missingRequiredFieldsAreEachListed() {
        as(token).body(Map.of("plate", "X-1")).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Bad Request"))
                .body("errors.field", containsInAnyOrder("make", "model", "vin", "year"));
        String id = createVehicle(token, owner, fleet);
        as(token).body(Map.of("make", "  ")).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("make", "model", "vin", "year"));
    }

    @Test
    void aMissingBodyIs400() {
        as(token).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM);
    }

    // ---- optimistic concurrency -------------------------------------------------------------

    @Test
    void aStaleVersionInTheBodyIs409NamingVersion() {
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = currentBody(id);
        body.put("model", "First");
        body.put("version", 0);
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id).then().statusCode(200);

        body.put("model", "Second");
        as(token).body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(409).contentType(PROBLEM).body("errors.field", contains("version"));
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().body("model", equalTo("First")).body("version", equalTo(1));
    }

    @Test
    void aStaleIfMatchIs412AndTheCurrentOneSucceeds() {
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> body = currentBody(id);
        body.put("model", "First");
        as(token).header("If-Match", "\"0\"").body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).header("ETag", "\"1\"");

        body.put("model", "Second");
        as(token).header("If-Match", "\"0\"").body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(412).contentType(PROBLEM);
        as(token).get("/api/owners/{o}/vehicles/{id}", owner, id).then().body("model", equalTo("First"));
        as(token).header("If-Match", "\"1\"").body(body).put("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).header("ETag", "\"2\"").body("model", equalTo("Second"));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String createVehicleWith(String fleetId, String status) {
        Map<String, Object> body = vehicleBody(newVin());
        body.put("status", status);
        return as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleetId)
                .then().statusCode(201).body("status", equalTo(status)).extract().path("id");
    }

    private String createVehicleWithVin(String vin) {
        return as(token).body(vehicleBody(vin)).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(201).extract().path("id");
    }

    /** The vehicle's current fields as a PUT body (without version). */
    private Map<String, Object> currentBody(String id) {
        Map<String, Object> current = as(token).get("/api/owners/{o}/vehicles/{id}", owner, id)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> body = new HashMap<>();
        for (String field : List.of("vin", "plate", "make", "model", "year", "status", "fleetId")) {
            body.put(field, current.get(field));
        }
        return body;
    }
}
