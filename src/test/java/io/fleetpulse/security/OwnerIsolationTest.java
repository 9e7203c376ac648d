package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.fleetBody;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Owner A may never see or change owner B's data: B's ownerId in the path is 403, and B's fleet and
 * vehicle ids under A's own path are 404 (so ids do not even leak). B's data stays as it was.
 */
@QuarkusTest
class OwnerIsolationTest {

    /** Every route of the API, with a valid body where it takes one. */
    enum Route {
        LIST_FLEETS("GET", "/api/owners/{o}/fleets"),
        CREATE_FLEET("POST", "/api/owners/{o}/fleets"),
        GET_FLEET("GET", "/api/owners/{o}/fleets/{f}"),
        UPDATE_FLEET("PUT", "/api/owners/{o}/fleets/{f}"),
        DELETE_FLEET("DELETE", "/api/owners/{o}/fleets/{f}"),
        LIST_FLEET_VEHICLES("GET", "/api/owners/{o}/fleets/{f}/vehicles"),
        CREATE_VEHICLE("POST", "/api/owners/{o}/fleets/{f}/vehicles"),
        LIST_VEHICLES("GET", "/api/owners/{o}/vehicles"),
        LIST_VEHICLES_OF_FLEET("GET", "/api/owners/{o}/vehicles?fleetId={f}"),
        GET_VEHICLE("GET", "/api/owners/{o}/vehicles/{v}"),
        UPDATE_VEHICLE("PUT", "/api/owners/{o}/vehicles/{v}"),
        DELETE_VEHICLE("DELETE", "/api/owners/{o}/vehicles/{v}");

        final String method;
        final String template;

        Route(String method, String template) {
            this.method = method;
            this.template = template;
        }

        String path(String ownerId, String fleetId, String vehicleId) {
            return template.replace("{o}", ownerId).replace("{f}", fleetId).replace("{v}", vehicleId);
        }

        boolean namesAFleetOrVehicle() {
            return template.contains("{f}") || template.contains("{v}");
        }

        Response send(String token, String path) {
            RequestSpecification request = as(token);
            if (method.equals("POST") || method.equals("PUT")) {
                request = request.body(template.contains("vehicles") ? vehicleBody(newVin())
                        : fleetBody("Intruder " + System.nanoTime()));
            }
            return request.request(method, path);
        }
    }

    String ownerA;
    String tokenA;
    String fleetA;
    String vehicleA;
    String ownerB;
    String tokenB;
    String fleetB;
    String vehicleB;
    Map<String, Object> fleetBBefore;
    Map<String, Object> vehicleBBefore;

    @BeforeEach
    void twoOwnersWithAFleetAndAVehicleEach() {
        ownerA = Tokens.newOwnerId();
        tokenA = Tokens.owner(ownerA);
        fleetA = createFleet(tokenA, ownerA, "Alpha");
        vehicleA = createVehicle(tokenA, ownerA, fleetA);
        ownerB = Tokens.newOwnerId();
        tokenB = Tokens.owner(ownerB);
        fleetB = createFleet(tokenB, ownerB, "Bravo");
        vehicleB = createVehicle(tokenB, ownerB, fleetB);
        fleetBBefore = as(tokenB).get("/api/owners/{o}/fleets/{f}", ownerB, fleetB)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        vehicleBBefore = as(tokenB).get("/api/owners/{o}/vehicles/{v}", ownerB, vehicleB)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void anOwnerIsForbiddenOnEveryRouteOfAnotherOwner(Route route) {
        route.send(tokenA, route.path(ownerB, fleetB, vehicleB))
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"));
        assertOwnerBUnchanged();
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"LIST_FLEETS", "CREATE_FLEET", "LIST_VEHICLES"},
            mode = EnumSource.Mode.EXCLUDE)
    void anotherOwnersFleetAndVehicleIdsAreNotFoundUnderAnOwnersOwnPath(Route route) {
        String path = route.path(ownerA, fleetB, vehicleB);
        String body = route.send(tokenA, path)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .extract().asString();
        // The problem tells nothing about the other owner.
        org.hamcrest.MatcherAssert.assertThat(body, not(containsString(ownerB)));
        assertOwnerBUnchanged();
        // A's own data is untouched too.
        as(tokenA).get("/api/owners/{o}/vehicles", ownerA).then().statusCode(200).body("id", contains(vehicleA));
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"LIST_FLEETS", "LIST_VEHICLES"})
    void anOwnersListsNeverShowAnotherOwnersData(Route route) {
        route.send(tokenA, route.path(ownerA, fleetA, vehicleA))
                .then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("id", contains(route == Route.LIST_FLEETS ? fleetA : vehicleA))
                .body("ownerId", contains(ownerA));
    }

    private void assertOwnerBUnchanged() {
        Map<String, Object> fleetNow = as(tokenB).get("/api/owners/{o}/fleets/{f}", ownerB, fleetB)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        org.junit.jupiter.api.Assertions.assertEquals(fleetBBefore, fleetNow, "owner B's fleet");
        Map<String, Object> vehicleNow = as(tokenB).get("/api/owners/{o}/vehicles/{v}", ownerB, vehicleB)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        org.junit.jupiter.api.Assertions.assertEquals(vehicleBBefore, vehicleNow, "owner B's vehicle");
        as(tokenB).get("/api/owners/{o}/fleets", ownerB)
                .then().statusCode(200).header("X-Total-Count", "1").body("id", contains(fleetB));
        as(tokenB).get("/api/owners/{o}/vehicles", ownerB)
                .then().statusCode(200).header("X-Total-Count", "1").body("id", contains(vehicleB));
    }
}
