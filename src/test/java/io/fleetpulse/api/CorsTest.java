package io.fleetpulse.api;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import io.fleetpulse.support.TestOrigins;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CORS: only the configured origin is named (with credentials and the ETag exposed); any other gets no grant. */
@QuarkusTest
class CorsTest {

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @Test
    void aPreflightFromTheAllowedOriginNamesThatOriginAndAllowsCredentials() {
        given().header("Origin", TestOrigins.ALLOWED)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                .options("/api/owners/{o}/fleets/{f}", owner, UUID.randomUUID())
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", TestOrigins.ALLOWED)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsString("PUT"));
    }

    @Test
    void anActualRequestFromTheAllowedOriginNamesThatOriginAndExposesTheETag() {
        createFleet(token, owner, "Visible");
        as(token).header("Origin", TestOrigins.ALLOWED)
                .get("/api/owners/{o}/fleets", owner)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", TestOrigins.ALLOWED)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Expose-Headers", containsString("ETag"));
    }

    @Test
    void aPreflightFromAForeignOriginGetsNoAllowOrigin() {
        given().header("Origin", TestOrigins.FOREIGN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/owners/{o}/fleets", owner)
                .then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void anActualRequestFromAForeignOriginGetsNoAllowOrigin() {
        as(token).header("Origin", TestOrigins.FOREIGN)
                .get("/api/owners/{o}/fleets", owner)
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
