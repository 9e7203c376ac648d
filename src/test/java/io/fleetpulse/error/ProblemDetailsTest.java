package io.fleetpulse.error;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.fleetBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error is an RFC 9457 problem: the right media type, type, title, status and instance. */
@QuarkusTest
class ProblemDetailsTest {

    /** One way to get each kind of error the API answers with. */
    enum Failure {
        INVALID_FIELDS(400), MALFORMED_JSON(400), INVALID_PAGE(400), MALFORMED_OWNER_ID(400),
        NO_TOKEN(401), BAD_TOKEN(401), OTHER_OWNER(403), NO_GROUPS(403),
        UNKNOWN_FLEET(404), UNKNOWN_VEHICLE(404), NON_UUID_ID(404), UNKNOWN_API_ROUTE(404), UNKNOWN_ROUTE(404),
        UNKNOWN_ROUTE_UNDER_AN_OWNER(404), WRONG_METHOD(405), NOT_ACCEPTABLE(406), DUPLICATE_NAME(409),
        STALE_VERSION(409), STALE_IF_MATCH(412), TOO_LARGE(413), WRONG_MEDIA_TYPE(415);

        final int status;

        Failure(int status) {
            this.status = status;
        }
    }

    /** A request that was sent and the path it was sent to. */
    record Sent(String path, Response response) {
    }

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void everyErrorIsAProblemWithTypeTitleStatusAndInstance(Failure failure) {
        Sent sent = provoke(failure);
        sent.response().then()
                .statusCode(failure.status)
                .contentType("application/problem+json")
                .body("type", not(emptyOrNullString()))
                .body("title", not(emptyOrNullString()))
                .body("status", equalTo(failure.status))
                .body("instance", equalTo(sent.path()))
                .body("detail", not(emptyOrNullString()));
    }

    private Sent provoke(Failure failure) {
        String fleets = "/api/owners/" + owner + "/fleets";
        return switch (failure) {
            case INVALID_FIELDS -> new Sent(fleets, as(token).body(Map.of("name", " ")).post(fleets));
            case MALFORMED_JSON -> new Sent(fleets, as(token).body("{\"name\": ").post(fleets));
            case INVALID_PAGE -> new Sent(fleets, as(token).queryParam("size", 0).get(fleets));
            case MALFORMED_OWNER_ID -> new Sent("/api/owners/not.valid/fleets",
                    as(Tokens.staff()).get("/api/owners/not.valid/fleets"));
            case NO_TOKEN -> new Sent(fleets, given().accept(ContentType.JSON).get(fleets));
            case BAD_TOKEN -> new Sent(fleets, as(Tokens.expired(owner)).get(fleets));
            case OTHER_OWNER -> new Sent(fleets, as(Tokens.owner(Tokens.newOwnerId())).get(fleets));
            case NO_GROUPS -> new Sent(fleets, as(Tokens.withoutGroups(owner)).get(fleets));
            case UNKNOWN_FLEET -> {
                String path = fleets + "/" + UUID.randomUUID();
                yield new Sent(path, as(token).get(path));
            }
            case UNKNOWN_VEHICLE -> {
                String path = "/api/owners/" + owner + "/vehicles/" + UUID.randomUUID();
                yield new Sent(path, as(token).get(path));
            }
            case NON_UUID_ID -> new Sent(fleets + "/42", as(token).get(fleets + "/42"));
            case UNKNOWN_API_ROUTE -> new Sent("/api/nothing-here", as(token).get("/api/nothing-here"));
            case UNKNOWN_ROUTE -> new Sent("/nothing-here", given().accept(ContentType.JSON).get("/nothing-here"));
            case UNKNOWN_ROUTE_UNDER_AN_OWNER -> {
                String path = "/api/owners/" + owner + "/drivers";
                yield new Sent(path, as(token).get(path));
            }
            case WRONG_METHOD -> new Sent(fleets, as(token).patch(fleets));
            case NOT_ACCEPTABLE -> new Sent(fleets, given().auth().oauth2(token).accept(ContentType.XML).get(fleets));
            case DUPLICATE_NAME -> {
                createFleet(token, owner, "Twin");
                yield new Sent(fleets, as(token).body(fleetBody("twin")).post(fleets));
            }
            case STALE_VERSION -> {
                String path = fleets + "/" + createFleet(token, owner, "Versioned");
                yield new Sent(path, as(token).body(Map.of("name", "V", "version", 3)).put(path));
            }
            case STALE_IF_MATCH -> {
                String path = fleets + "/" + createFleet(token, owner, "Matched");
                yield new Sent(path, as(token).header("If-Match", "\"7\"").delete(path));
            }
            case TOO_LARGE -> new Sent(fleets,
                    as(token).body(Map.of("name", "big", "description", "x".repeat(70 * 1024))).post(fleets));
            case WRONG_MEDIA_TYPE -> new Sent(fleets,
                    given().auth().oauth2(token).contentType(ContentType.TEXT).body("name=x").post(fleets));
        };
    }
}
