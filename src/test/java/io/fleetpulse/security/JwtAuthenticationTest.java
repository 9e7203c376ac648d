package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.fleetBody;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class JwtAuthenticationTest {

    /** Ways a request can fail to authenticate. */
    enum BadCredential {
        NO_TOKEN, GARBAGE, EXPIRED, WRONG_ISSUER, WRONG_KEY, ALG_NONE, NOT_BEARER;

        String authorization(String ownerId) {
            return switch (this) {
                case NO_TOKEN -> null;
                case GARBAGE -> "Bearer not.a.jwt";
                case EXPIRED -> "Bearer " + Tokens.expired(ownerId);
                case WRONG_ISSUER -> "Bearer " + Tokens.wrongIssuer(ownerId);
                case WRONG_KEY -> "Bearer " + Tokens.wrongKey(ownerId);
                case ALG_NONE -> "Bearer " + Tokens.algNone(ownerId);
                case NOT_BEARER -> "Basic dXNlcjpwYXNz";
            };
        }
    }

    String owner;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
    }

    @ParameterizedTest
    @EnumSource(BadCredential.class)
    void aRequestWithoutAValidTokenIs401ProblemWithABearerChallenge(BadCredential credential) {
        String authorization = credential.authorization(owner);
        for (String path : new String[] {"/api/owners/" + owner + "/fleets", "/api/owners/" + owner + "/vehicles"}) {
            var request = given().accept(ContentType.JSON);
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            assertUnauthorized(request.get(path).then(), path);
        }
        var write = given().contentType(ContentType.JSON).body(fleetBody("Sneaky"));
        if (authorization != null) {
            write = write.header("Authorization", authorization);
        }
        String path = "/api/owners/" + owner + "/fleets";
        assertUnauthorized(write.post(path).then(), path);
        // Nothing was created behind the refusal.
        as(Tokens.owner(owner)).get(path).then().statusCode(200).header("X-Total-Count", "0");
    }

    @Test
    void aTokenWithoutGroupsIs403() {
        String token = Tokens.withoutGroups(owner);
        as(token).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        as(token).body(fleetBody("No groups")).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anOwnerTokenWithoutOwnerIdClaimIs403() {
        String token = Tokens.ownerWithoutOwnerId();
        as(token).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        as(token).body(fleetBody("No owner")).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(403).contentType("application/problem+json");
        as(token).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void staffCanListCreateUpdateAndDeleteFleetsOfAnyOwner() {
        String staff = Tokens.staff();
        String ownersFleet = createFleet(Tokens.owner(owner), owner, "Owned");

        as(staff).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(200).header("X-Total-Count", "1").body("id", contains(ownersFleet));
        String created = as(staff).body(fleetBody("By staff")).post("/api/owners/{o}/fleets", owner)
                .then().statusCode(201).body("ownerId", equalTo(owner)).extract().path("id");
        as(staff).body(Map.of("name", "Renamed by staff", "version", 0))
                .put("/api/owners/{o}/fleets/{f}", owner, ownersFleet)
                .then().statusCode(200).body("name", equalTo("Renamed by staff")).body("version", equalTo(1));
        as(staff).delete("/api/owners/{o}/fleets/{f}", owner, created).then().statusCode(204);

        // The owner sees what staff did.
        as(Tokens.owner(owner)).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(200).header("X-Total-Count", "1").body("name", contains("Renamed by staff"));
    }

    @Test
    void staffCanCreateFleetsForAnOwnerThatHasNoDataYet() {
        String fresh = Tokens.newOwnerId();
        createFleet(Tokens.staff(), fresh, "First");
        as(Tokens.owner(fresh)).get("/api/owners/{o}/fleets", fresh)
                .then().statusCode(200).body("name", contains("First"));
    }

    @Test
    void staffCanListCreateUpdateAndDeleteVehiclesOfAnyOwner() {
        String staff = Tokens.staff();
        String ownerToken = Tokens.owner(owner);
        String fleet = createFleet(ownerToken, owner, "Owned");
        String ownersVehicle = createVehicle(ownerToken, owner, fleet);

        as(staff).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).body("id", contains(ownersVehicle));
        as(staff).get("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(200).body("id", contains(ownersVehicle));
        String created = createVehicle(staff, owner, fleet);
        as(staff).get("/api/owners/{o}/vehicles/{v}", owner, created).then().statusCode(200);
        Map<String, Object> body = vehicleBody(newVin());
        body.put("model", "Staff edit");
        as(staff).body(body).put("/api/owners/{o}/vehicles/{v}", owner, ownersVehicle)
                .then().statusCode(200).body("model", equalTo("Staff edit"));
        as(staff).delete("/api/owners/{o}/vehicles/{v}", owner, created).then().statusCode(204);

        as(ownerToken).get("/api/owners/{o}/vehicles", owner)
                .then().statusCode(200).header("X-Total-Count", "1").body("model", contains("Staff edit"));
    }

    static Stream<String> malformedOwnerIds() {
        return Stream.of("x".repeat(65), "owner.with.dots", "owner@example", "owner space");
    }

    @ParameterizedTest
    @MethodSource("malformedOwnerIds")
    void aMalformedOwnerIdInThePathIs400NamingOwnerId(String ownerId) {
        String staff = Tokens.staff();
        as(staff).get("/api/owners/{o}/fleets", ownerId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("ownerId"));
        as(staff).body(fleetBody("Bad owner")).post("/api/owners/{o}/fleets", ownerId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("ownerId"));
        as(staff).get("/api/owners/{o}/vehicles", ownerId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("ownerId"));
    }

    @Test
    void anOwnerIdOf64CharactersIsAccepted() {
        String ownerId = "o".repeat(54) + Tokens.newOwnerId().substring(6, 16);
        org.junit.jupiter.api.Assertions.assertEquals(64, ownerId.length());
        createFleet(Tokens.staff(), ownerId, "Longest id");
    }

    private static void assertUnauthorized(ValidatableResponse response, String path) {
        response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("instance", equalTo(path));
    }
}
