package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Owner x route x foreign id, generated from the OpenAPI document: every operation under /api/owners/{ownerId}
 * is called with another owner's id (403), with the caller's own owner id but the other owner's fleet and
 * vehicle ids (404), without a token (401) and with a device token of another vehicle; then both socket
 * protocols. A route added later is covered without editing this test.
 */
@QuarkusTest
class OwnershipMatrixTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/hub/fleets")
    URI hub;

    record Operation(String method, String template) {
        boolean has(String parameter) {
            return template.contains("{" + parameter + "}");
        }
    }

    static List<Operation> operations() throws Exception {
        JsonNode paths = JSON.readTree(given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString()).path("paths");
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    operations.add(new Operation(method, path.getKey()));
                }
            }
        }
        return operations;
    }

    static String fill(Operation op, String owner, String fleet, String vehicle) {
        String path = op.template().replace("{ownerId}", owner).replace("{fleetId}", fleet).replace("{vehicleId}", vehicle);
        // any other parameter a future route adds: a well-formed id that names nothing
        return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    /** A valid body for the operation, so that only ownership can refuse it. */
    static Object body(Operation op, String vehicleInBody) {
        String t = op.template();
        if (t.endsWith("/telemetry")) {
            Map<String, Object> reading = new java.util.HashMap<>(Map.of("recordedAt", Instant.now().toString(),
                    "lat", 1.0, "lon", 2.0));
            if (!t.contains("{vehicleId}")) {
                reading.put("vehicleId", vehicleInBody);
                return Map.of("readings", List.of(reading));
            }
            return reading;
        }
        if (t.contains("vehicles")) {
            return vehicleBody(newVin());
        }
        return Map.of("name", "Matrix " + UUID.randomUUID(), "description", "x");
    }

    Response call(Operation op, String token, String path, String vehicleInBody) {
        RequestSpecification request = given().accept(ContentType.JSON);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (op.method().equals("POST") || op.method().equals("PUT") || op.method().equals("PATCH")) {
            request = request.contentType(ContentType.JSON).body(body(op, vehicleInBody));
        }
        return request.request(op.method(), path);
    }

    static void refused(Response response, int... allowed) {
        assertThat(response.statusCode()).isIn(java.util.Arrays.stream(allowed).boxed().toArray());
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @TestFactory
    Stream<DynamicTest> everyOwnerScopedRouteRefusesOtherOwnersAndTheirIds() throws Exception {
        String victim = Tokens.newOwnerId();
        String victimToken = Tokens.owner(victim);
        String victimFleet = createFleet(victimToken, victim, "Victim fleet");
        String victimVehicle = createVehicle(victimToken, victim, victimFleet);
        String attacker = Tokens.newOwnerId();
        String attackerToken = Tokens.owner(attacker);
        // a device of the attacker's own vehicle, and the victim's state to compare at the end
        String attackerVehicle = createVehicle(attackerToken, attacker, createFleet(attackerToken, attacker, "Own"));
        String device = Tokens.device(attacker, attackerVehicle);
        String before = state(victimToken, victim, victimFleet, victimVehicle);

        List<Operation> operations = operations().stream().filter(op -> op.has("ownerId")).toList();
        assertThat(operations).as("owner-scoped operations in /q/openapi").hasSizeGreaterThanOrEqualTo(14);
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation op : operations) {
            String name = op.method() + " " + op.template();
            tests.add(DynamicTest.dynamicTest(name + " with another owner's id: 403", () -> refused(
                    call(op, attackerToken, fill(op, victim, victimFleet, victimVehicle), victimVehicle), 403)));
            tests.add(DynamicTest.dynamicTest(name + " without a token: 401", () -> refused(
                    call(op, null, fill(op, victim, victimFleet, victimVehicle), victimVehicle), 401)));
            tests.add(DynamicTest.dynamicTest(name + " with a device of another owner: 403", () -> refused(
                    call(op, device, fill(op, victim, victimFleet, victimVehicle), victimVehicle), 403)));
            if (op.has("fleetId") || op.has("vehicleId")) {
                tests.add(DynamicTest.dynamicTest(name + " with the other owner's ids under one's own: 404", () ->
                        refused(call(op, attackerToken, fill(op, attacker, victimFleet, victimVehicle), victimVehicle),
                                404)));
                tests.add(DynamicTest.dynamicTest(name + " with the device's own owner but a foreign id: 403/404", () ->
                        refused(call(op, device, fill(op, attacker, victimFleet, victimVehicle), victimVehicle),
                                403, 404)));
            } else if (op.template().endsWith("/telemetry") && op.method().equals("POST")) {
                tests.add(DynamicTest.dynamicTest(name + " naming the other owner's vehicle: nothing stored", () -> {
                    Response response = call(op, attackerToken, fill(op, attacker, victimFleet, victimVehicle),
                            victimVehicle);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.jsonPath().getInt("accepted")).isZero();
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("plain socket of another owner: 403", () -> {
            assertThat(FeedClient.upgradeStatus("/ws/owners/" + victim, Map.of("Authorization", "Bearer " + attackerToken)))
                    .isEqualTo(403);
            assertThat(FeedClient.upgradeStatus("/ws/owners/" + victim, Map.of("Authorization", "Bearer " + device)))
                    .isEqualTo(403);
        }));
        tests.add(DynamicTest.dynamicTest("hub: joining another owner's group is refused", () -> {
            try (RawHubSocket socket = RawHubSocket.connected(hub, attackerToken)) {
                socket.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinFleetGroup\",\"arguments\":[\""
                        + victim + "\",0]}" + RawHubSocket.RS);
                await().atMost(Duration.ofSeconds(10)).until(() -> socket.nonPingRecords().stream()
                        .anyMatch(r -> r.contains("\"invocationId\":\"1\"")));
                assertThat(socket.nonPingRecords().stream().filter(r -> r.contains("\"invocationId\":\"1\"")).findFirst()
                        .orElseThrow()).contains("\"error\"").doesNotContain("\"result\"");
            }
            assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + RawHubSocket.negotiate(victimToken), attackerToken))
                    .isEqualTo(403);
        }));
        tests.add(DynamicTest.dynamicTest("the victim's data is unchanged", () ->
                assertThat(state(victimToken, victim, victimFleet, victimVehicle)).isEqualTo(before)));
        return tests.stream();
    }

    /** The victim's fleets, vehicles and telemetry as one string. */
    static String state(String token, String owner, String fleet, String vehicle) {
        return as(token).get("/api/owners/{o}/fleets", owner).asString()
                + as(token).get("/api/owners/{o}/vehicles", owner).asString()
                + as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).asString()
                + as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet).asString();
    }
}
