package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.LogCapture;
import io.fleetpulse.support.RawHttp;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per defect of issue 11: each failed on the code before the fix. */
@QuarkusTest
class SecurityDefectsTest {

    static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/hub/fleets")
    URI hub;

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    long fleetCount() {
        return Long.parseLong(as(token).get("/api/owners/{o}/fleets", owner).then().statusCode(200)
                .extract().header("X-Total-Count"));
    }

    // 1 ------------------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"/hub/../api/owners/%s/fleets", "/ws/%%2e%%2e/api/owners/%s/fleets",
            "/ws/owners/../../api/owners/%s/fleets", "/hub/./../api/owners/%s/fleets", "/api/owners/%s/fleets"})
    void aQueryTokenIsNotAcceptedOnRestThroughDotSegments(String template) {
        String path = String.format(template, owner);
        RawHttp.Response get = RawHttp.request("GET", path + "?access_token=" + token, null, null);
        assertThat(get.status()).isEqualTo(401);
        RawHttp.Response post = RawHttp.request("POST", path + "?access_token=" + token, null,
                "{\"name\":\"via query\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(post.status()).isEqualTo(401);
        assertThat(fleetCount()).isZero();
    }

    @Test
    void linkHeadersNeverRepeatAnAccessTokenOfTheQuery() {
        createFleet(token, owner, "One");
        createFleet(token, owner, "Two");
        String link = as(token).queryParam("access_token", token).queryParam("size", 1)
                .get("/api/owners/{o}/fleets", owner).then().statusCode(200).extract().header("Link");
        assertThat(link).contains("rel=\"next\"").doesNotContain(token).doesNotContain("access_token");
    }

    // 2 ------------------------------------------------------------------------------------------------
    @Test
    void tokensInTheQueryNeverReachTheAccessLog() {
        String other = Tokens.newOwnerId();
        try (LogCapture log = LogCapture.of("io.quarkus.http.access-log")) {
            as(token).queryParam("access_token", token).get("/api/owners/{o}/fleets", owner);
            given().post("/hub/fleets/negotiate?negotiateVersion=1&access_token=" + token);
            FeedClient.upgradeStatus("/ws/owners/" + other + "?access_token=" + token, Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                    .filter(l -> l.contains("/ws/owners/" + other) || l.contains("/hub/fleets/negotiate")
                            || l.contains("/api/owners/" + owner)).count() >= 3);
            assertThat(log.lines()).noneMatch(l -> l.contains(token) || l.contains("access_token"));
        }
    }

    // 3 ------------------------------------------------------------------------------------------------
    @Test
    void metricsNeverLabelSeriesWithPathsTheCallerChose() {
        String invented = "anything" + System.nanoTime();
        given().contentType(ContentType.JSON).body("{}").patch("/api/owners/{o}/fleets", invented)
                .then().statusCode(405);
        as(token).get("/api/owners/{o}/fleets", owner).then().statusCode(200);
        FeedClient.upgradeStatus("/ws/owners/" + invented, Map.of());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(invented).doesNotContain(owner)
                .contains("uri=\"/api/owners/{ownerId}/fleets\"");
    }

    // 4 ------------------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"fleets", "vehicles", "fleets/%s/vehicles", "dashboard"})
    void aPageWhoseOffsetOverflowsIs400(String route) {
        String fleet = createFleet(token, owner, "Paged");
        as(token).queryParam("page", Integer.MAX_VALUE).queryParam("size", 200)
                .get("/api/owners/" + owner + "/" + String.format(route, fleet))
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("page"));
    }

    // 5 ------------------------------------------------------------------------------------------------
    @Test
    void aNulCharacterInAStringIs400NamingTheField() {
        as(token).body("{\"name\":\"a\\u0000b\"}").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("name"));
        String fleet = createFleet(token, owner, "Clean");
        as(token).body("{\"name\":\"x\",\"description\":\"a\\u0000\"}").put("/api/owners/{o}/fleets/{f}", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("description"));
        Map<String, Object> vehicle = vehicleBody(newVin());
        vehicle.put("make", "Fo\u0000rd");
        as(token).body(vehicle).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("make"));
        String id = createVehicle(token, owner, fleet);
        Map<String, Object> update = vehicleBody(newVin());
        update.put("model", "\u0000");
        as(token).body(update).put("/api/owners/{o}/vehicles/{v}", owner, id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("model"));
        as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet).then().body("name", equalTo("Clean"));
    }

    // 6 ------------------------------------------------------------------------------------------------
    @Test
    void aNullReadingInABatchIsReportedNotA500() {
        as(token).body("{\"readings\":[null]}").post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200).body("accepted", equalTo(0)).body("rejected[0].errors[0].field",
                        equalTo("readings[0]"));
    }

    // 7 and 10 -----------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"-1000000000-01-01T00:00:00Z", "-290000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z",
            "1900-01-01T00:00:00Z"})
    void aRecordedAtOutsideTheAcceptedWindowIs400(String recordedAt) {
        String vehicle = createVehicle(token, owner, createFleet(token, owner, "Clock"));
        Map<String, Object> reading = reading(recordedAt);
        as(token).body(reading).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("recordedAt"));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).then().body("size()", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=-1000000000-01-01T00:00:00Z", "to=+1000000000-12-31T23:59:59.999999999Z",
            "from=-1000000000-01-01T00:00:00Z&to=+1000000000-12-31T23:59:59.999999999Z"})
    void historyBoundsAtTheExtremesOfInstantAre400(String query) {
        String vehicle = createVehicle(token, owner, createFleet(token, owner, "History"));
        as(token).get("/api/owners/" + owner + "/vehicles/" + vehicle + "/telemetry?" + query.replace("+", "%2B"))
                .then().statusCode(400).contentType(PROBLEM);
    }

    // 8 ------------------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"fleets", "vehicles", "fleets/%s/vehicles", "dashboard"})
    void http10WithoutHostListsNormally(String route) {
        String fleet = createFleet(token, owner, "Old client");
        RawHttp.Response response = RawHttp.exchange("GET /api/owners/" + owner + "/" + String.format(route, fleet)
                + " HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Link")).contains("rel=\"last\"");
    }

    @Test
    void http10WritesWithoutHostAre400BeforeAnythingIsWritten() {
        RawHttp.Response fleet = RawHttp.exchange("POST /api/owners/" + owner + "/fleets HTTP/1.0\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n", "{\"name\":\"old\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(fleet.status()).isEqualTo(400);
        assertThat(fleet.header("Content-Type")).startsWith(PROBLEM);
        assertThat(fleetCount()).isZero();
    }

    // 9 ------------------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"\"speedKph\":\"Infinity\"", "\"speedKph\":1e400", "\"odometerKm\":\"Infinity\"",
            "\"odometerKm\":1e400", "\"lat\":\"NaN\"", "\"speedKph\":-1e400"})
    void nonFiniteNumbersAre400(String field) {
        String vehicle = createVehicle(token, owner, createFleet(token, owner, "Finite"));
        String name = field.substring(1, field.indexOf('"', 1));
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("recordedAt", "\"" + Instant.now() + "\"",
                "lat", "1", "lon", "2", "speedKph", "3"));
        fields.put(name, field.substring(field.indexOf(':') + 1));
        String body = fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\":" + f.getValue())
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        as(token).body(body).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(name));
        as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).then().body("size()", equalTo(0));
    }

    // 11 -----------------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"\\ud800x", "x\\udc00", "\\udbff"})
    void loneSurrogatesAre400(String name) {
        as(token).body("{\"name\":\"" + name + "\"}").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("name"));
        assertThat(fleetCount()).isZero();
    }

    @Test
    void aPairedSurrogateIsAcceptedAndStoredAsIs() {
        as(token).body("{\"name\":\"Truck \\ud83d\\ude9a\"}").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(201).body("name", equalTo("Truck \uD83D\uDE9A"));
    }

    // 12 -----------------------------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"x\"}garbage", "{\"name\":\"x\"}{\"name\":\"y\"}", "{\"name\":\"x\"} 1"})
    void trailingContentAfterTheBodyIs400(String body) {
        as(token).body(body).post("/api/owners/{o}/fleets", owner).then().statusCode(400).contentType(PROBLEM);
        assertThat(fleetCount()).isZero();
    }

    @Test
    void scalarsAreNotCoercedIntoOtherTypes() {
        as(token).body("{\"name\":12345}").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("name"));
        as(token).body("{\"name\":true}").post("/api/owners/{o}/fleets", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("name"));
        String fleet = createFleet(token, owner, "Strict");
        as(token).body("{\"name\":\"Strict\",\"version\":0.9}").put("/api/owners/{o}/fleets/{f}", owner, fleet)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("version"));
        for (String[] bad : new String[][] {{"year", "2020.5"}, {"year", "\"2021\""}, {"status", "1"},
                {"vin", "12345678901234567"}, {"year", "\"\""}, {"status", "\"\""}}) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("vin", "\"" + newVin() + "\"",
                    "make", "\"Ford\"", "model", "\"T\"", "year", "2020"));
            fields.put(bad[0], bad[1]);
            String body = fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\":" + f.getValue())
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
            as(token).body(body).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                    .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(bad[0]));
        }
        as(token).get("/api/owners/{o}/vehicles", owner).then().header("X-Total-Count", "0");
    }

    @Test
    void overlongUtf8IsRefusedNotDecoded() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"name\":\"a".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC0);
        body.write(0xAE);
        body.writeBytes("b\"}".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response response = RawHttp.request("POST", "/api/owners/" + owner + "/fleets", token, body.toByteArray());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM);
        assertThat(fleetCount()).isZero();
    }

    // 13 -----------------------------------------------------------------------------------------------
    @Test
    void aDeclaredBodyOverTheTransportLimitIs413Problem() {
        for (String path : List.of("/api/owners/" + owner + "/fleets", "/api/owners/" + owner + "/telemetry")) {
            // The head alone: the answer must come from the declared length, before any body byte.
            RawHttp.Response response = RawHttp.exchange("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1200000\r\n\r\n", null);
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).startsWith(PROBLEM);
            assertThat(response.body()).contains("\"status\":413");
        }
    }

    @Test
    void aChunkedBodyOverTheApiLimitIs413Problem() {
        byte[] big = ("{\"name\":\"x\",\"description\":\"" + "d".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = RawHttp.chunked("POST", "/api/owners/" + owner + "/fleets", token, big);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith(PROBLEM);
        assertThat(fleetCount()).isZero();
    }

    // 14 -----------------------------------------------------------------------------------------------
    @Test
    void thousandsOfRecordsInOneHubMessageAreAllHandled() {
        try (RawHubSocket socket = RawHubSocket.connected(hub, token)) {
            String pings = ("{\"type\":6}" + RawHubSocket.RS).repeat(5000);
            socket.send(pings + "{\"type\":1,\"invocationId\":\"7\",\"target\":\"JoinFleetGroup\",\"arguments\":[\""
                    + owner + "\"]}" + RawHubSocket.RS);
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.nonPingRecords().stream()
                    .anyMatch(r -> r.contains("\"invocationId\":\"7\"")));
            assertThat(socket.isClosed()).isFalse();
        }
    }

    // 15 -----------------------------------------------------------------------------------------------
    @Test
    void anOversizedFragmentedMessageOnThePlainSocketClosesWith1009WithoutAnError() throws Exception {
        try (LogCapture log = LogCapture.of("")) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(FeedClient.uri("/ws/owners/" + owner), new WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            String part = "x".repeat(32 * 1024);
            try {
                for (int i = 0; i < 10; i++) {
                    socket.sendText(part, i == 9).get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                // the server may close while frames are still being sent
            }
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
            assertThat(log.errors()).isEmpty();
        }
    }

    @Test
    void refusedUpgradesLogNoErrors() {
        String other = Tokens.newOwnerId();
        try (LogCapture log = LogCapture.of("")) {
            for (int i = 0; i < 5; i++) {
                assertThat(FeedClient.upgradeStatus("/ws/owners/" + other, Map.of("Authorization", "Bearer " + token)))
                        .isEqualTo(403);
                assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner, Map.of())).isEqualTo(401);
                assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + "A".repeat(43), token)).isEqualTo(404);
                assertThat(FeedClient.upgradeStatus("/ws/owners/" + other + "?access_token=" + token, Map.of()))
                        .isEqualTo(403);
                assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner, Map.of("Authorization", "Bearer " + token,
                        "Origin", io.fleetpulse.support.TestOrigins.FOREIGN))).isEqualTo(403);
                assertThat(FeedClient.upgradeStatus("/ws/owners/" + owner + "?access_token=garbage", Map.of()))
                        .isEqualTo(401);
            }
            // the access log line is written after the refusal: once it is there, any error would be too
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream().filter(l -> l.contains("/ws/owners/"))
                    .count() >= 10);
            assertThat(log.errors()).isEmpty();
        }
    }

    // 16 -----------------------------------------------------------------------------------------------
    @Test
    void aDeviceTokenOfTheSameSubjectDoesNotUseUpTheOwnersConnectionToken() {
        String connectionToken = RawHubSocket.negotiate(token);
        String device = Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).upn("user-of-" + owner).groups("device")
                .claim("owner_id", owner).claim("vehicle_id", java.util.UUID.randomUUID().toString())
                .expiresIn(600).sign(Tokens.signingKey());
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, device)).isEqualTo(403);
        assertThat(FeedClient.upgradeStatus("/hub/fleets?id=" + connectionToken, Map.of("Authorization",
                "Bearer " + token, "Origin", io.fleetpulse.support.TestOrigins.FOREIGN))).isEqualTo(403);
        try (RawHubSocket socket = RawHubSocket.open(hub, connectionToken, token)) {
            socket.send(RawHubSocket.HANDSHAKE);
            socket.awaitRecord("{}");
        }
    }

    // 17 -----------------------------------------------------------------------------------------------
    @Test
    void aBatchMayBeAPlainArrayOfReadings() {
        String vehicle = createVehicle(token, owner, createFleet(token, owner, "Array"));
        List<Map<String, Object>> readings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> reading = reading(Instant.now().minusSeconds(10 - i).toString());
            reading.put("vehicleId", vehicle);
            readings.add(reading);
        }
        as(token).body(readings).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200).body("accepted", equalTo(3));
        as(token).body(Map.of("readings", readings)).post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(200).body("received", equalTo(3));
        as(token).body("[]").post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("readings"));
        as(token).body("[{\"vehicleId\":\"" + vehicle + "\",\"recordedAt\":\"x\",\"lat\":1,\"lon\":1}]")
                .post("/api/owners/{o}/telemetry", owner)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(containsString("recordedAt")))
                .body(not(containsString("Exception")));
    }

    static Map<String, Object> reading(String recordedAt) {
        Map<String, Object> reading = new HashMap<>();
        reading.put("recordedAt", recordedAt);
        reading.put("lat", 52.5);
        reading.put("lon", 13.4);
        reading.put("speedKph", 50.0);
        return reading;
    }
}
