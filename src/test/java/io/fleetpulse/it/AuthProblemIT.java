package io.fleetpulse.it;

import static io.fleetpulse.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** Black-box: authentication and ownership failures are problem+json 401/403, also in the native image. */
@QuarkusIntegrationTest
class AuthProblemIT {

    @Test
    void requestWithoutTokenIs401ProblemWithBearerChallenge() {
        given().accept("application/json")
                .get("/api/owners/{o}/fleets", Tokens.newOwnerId())
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void tokenSignedWithAnotherKeyIs401Problem() {
        String owner = Tokens.newOwnerId();
        as(Tokens.wrongKey(owner)).get("/api/owners/{o}/fleets", owner)
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void ownerTokenOnAnotherOwnersDataIs403Problem() {
        String owner = Tokens.newOwnerId();
        as(Tokens.owner(owner)).get("/api/owners/{o}/fleets", Tokens.newOwnerId())
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"));
    }
}
