package io.fleetpulse.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Black-box: the packaged application (jar or native) answers the SmallRye Health probes Kubernetes uses. */
@QuarkusIntegrationTest
class HealthIT {

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started"})
    void probeEndpointReportsUp(String path) {
        given().get(path)
                .then().statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("UP"));
    }
}
