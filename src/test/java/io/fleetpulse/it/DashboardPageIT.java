package io.fleetpulse.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Black-box: the packaged application (jar or native, prod profile) serves the dashboard page at / with its
 * modules and the SignalR browser bundle, and has no dev sign-in route.
 */
@QuarkusIntegrationTest
class DashboardPageIT {

    @Test
    void theDashboardPageIsServedAtTheRoot() {
        given().get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>FleetPulse</title>"), containsString("/app/main.js"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/main.js", "/app/core/realtime.js", "/app/features/fleets.js", "/app/styles.css",
            "/vendor/signalr/signalr.min.js"})
    void itsAssetsArePackaged(String path) {
        given().get(path).then().statusCode(200);
    }

    @Test
    void theOfficialSignalRBrowserClientIsBundled() {
        given().get("/vendor/signalr/signalr.min.js")
                .then().statusCode(200)
                .body(containsString("HubConnectionBuilder"));
    }

    @Test
    void thereIsNoDevSignInInProduction() {
        given().get("/dev/sign-in").then().statusCode(404);
    }
}
