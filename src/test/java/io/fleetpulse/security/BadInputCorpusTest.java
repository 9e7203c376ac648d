package io.fleetpulse.security;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.newVin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.support.RawHttp;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A corpus of bad input over every write route and every query parameter: malformed and lax JSON, wrong
 * types, out-of-range and unstorable values, huge strings and arrays, deep nesting, duplicate keys, wrong
 * content types, invalid UTF-8, bad ids and encoded slashes. Every case must be a 4xx problem+json without
 * internals, and none may change the database.
 */
@QuarkusTest
class BadInputCorpusTest {

    static final List<String> LEAKS = List.of("Exception", "java.", "io.fleetpulse", "jackson", "hibernate", "vertx",
            "\tat ", "SQL", "org.");

    /** One case: a request and a name. */
    record Case(String name, String method, String path, String contentType, byte[] body) {
    }

    String owner;
    String token;
    String fleet;
    String vehicle;

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(f -> "\"" + f.getKey() + "\":" + f.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    static Map<String, String> with(Map<String, String> valid, String field, String value) {
        Map<String, String> copy = new LinkedHashMap<>(valid);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }

    /** Bodies that are wrong whatever the route. */
    static Map<String, byte[]> malformedBodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String text : new String[] {"", " ", "{", "}", "[", "{\"name\":", "{\"name\":\"x\"", "null", "nul", "true",
                "123", "\"text\"", "{}garbage", "{} {}", "[1,]", "{\"a\":1,}", "{'name':'x'}", "{name:\"x\"}",
                "{\"name\":\"x\"}//c", "{\"name\":NaN}", "{\"name\":\"\\x41\"}", "{\"name\":\"\\u12\"}",
                "{\"name\":\"x\",\"name\":\"y\"}", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "[" + "1,".repeat(30000) + "1]", "{\"name\":\"" + "x".repeat(70_000) + "\"}"}) {
            bodies.put(text.length() > 40 ? text.substring(0, 30) + "...(" + text.length() + " chars)" : text, utf8(text));
        }
        ByteArrayOutputStream overlong = new ByteArrayOutputStream();
        overlong.writeBytes(utf8("{\"name\":\"a"));
        overlong.write(0xC0);
        overlong.write(0xAE);
        overlong.writeBytes(utf8("\"}"));
        bodies.put("overlong UTF-8", overlong.toByteArray());
        bodies.put("invalid UTF-8 byte", new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xFF, '"', '}'});
        bodies.put("truncated UTF-8", new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xE2, (byte) 0x82});
        bodies.put("UTF-16 body", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_16));
        return bodies;
    }

    /** Values that are wrong for a field of each kind. */
    static Map<String, List<String>> badValues() {
        String longText = "\"" + "x".repeat(2000) + "\"";
        return Map.of(
                "text", List.of("12345", "true", "[]", "{}", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", longText),
                "requiredText", List.of("null", "\"\"", "\"   \""),
                "int", List.of("\"2021\"", "2020.5", "1e30", "-1", "true", "\"\"", "[]", "99999999999999999999"),
                "version", List.of("-1", "0.9", "\"1\"", "true", "1e400"),
                "enum", List.of("1", "\"\"", "\"active \"", "\"UNKNOWN\"", "[\"ACTIVE\"]"),
                "uuid", List.of("\"not-a-uuid\"", "123", "\"00000000-0000-0000-0000-00000000000g\"", "{}", "\"\""),
                "instant", List.of("\"yesterday\"", "123456789", "\"-1000000000-01-01T00:00:00Z\"",
                        "\"+1000000000-12-31T23:59:59Z\"", "\"1900-01-01T00:00:00Z\"", "\"2100-01-01T00:00:00Z\"",
                        "\"2025-13-01T00:00:00Z\"", "null"),
                "double", List.of("\"1\"", "\"Infinity\"", "1e400", "-1e400", "\"NaN\"", "true", "[]", "1e999999"),
                "latitude", List.of("91", "-90.0001", "1e400", "null"),
                "bool", List.of("\"true\"", "1", "\"yes\"", "[]"));
    }

    void addFieldCases(List<Case> cases, String method, String path, Map<String, String> valid, Map<String, String> kinds) {
        kinds.forEach((field, kind) -> {
            for (String value : badValues().get(kind)) {
                cases.add(new Case(method + " " + field + "=" + abbreviate(value), method, path, "application/json",
                        utf8(object(with(valid, field, value)))));
            }
            if (kind.equals("requiredText") || kind.equals("instant") || kind.equals("latitude")) {
                cases.add(new Case(method + " without " + field, method, path, "application/json",
                        utf8(object(with(valid, field, null)))));
            }
        });
    }

    static String abbreviate(String value) {
        return value.length() > 24 ? value.substring(0, 20) + "...(" + value.length() + ")" : value;
    }

    List<Case> corpus() {
        String api = "/api/owners/" + owner;
        Map<String, String> writeRoutes = new LinkedHashMap<>();
        writeRoutes.put("POST " + api + "/fleets", "fleet");
        writeRoutes.put("PUT " + api + "/fleets/" + fleet, "fleet");
        writeRoutes.put("POST " + api + "/fleets/" + fleet + "/vehicles", "vehicle");
        writeRoutes.put("PUT " + api + "/vehicles/" + vehicle, "vehicle");
        writeRoutes.put("POST " + api + "/vehicles/" + vehicle + "/telemetry", "reading");
        writeRoutes.put("POST " + api + "/telemetry", "batch");
        List<Case> cases = new ArrayList<>();
        // every malformed body and wrong content type on every write route
        writeRoutes.forEach((route, kind) -> {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            malformedBodies().forEach((name, body) -> cases.add(new Case(route + " body " + name, method, path,
                    "application/json", body)));
            for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1"}) {
                if (type.contains("ISO-8859-1")) {
                    // a JSON body declared in another charset, with a byte that is not UTF-8
                    cases.add(new Case(route + " as " + type, method, path, type,
                            new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xE9, '"', '}'}));
                } else {
                    cases.add(new Case(route + " as " + type, method, path, type, utf8("{\"name\":\"x\"}")));
                }
            }
            cases.add(new Case(route + " without a content type", method, path, null, utf8("{\"name\":\"x\"}")));
        });
        // every field of every body with values of the wrong kind
        Map<String, String> fleetBody = Map.of("name", "\"Corpus\"", "description", "\"d\"");
        Map<String, String> fleetKinds = Map.of("name", "requiredText", "description", "text");
        addFieldCases(cases, "POST", api + "/fleets", fleetBody, Map.of("name", "text"));
        addFieldCases(cases, "POST", api + "/fleets", fleetBody, fleetKinds);
        addFieldCases(cases, "PUT", api + "/fleets/" + fleet, with(fleetBody, "version", "0"),
                Map.of("name", "text", "version", "version", "description", "text"));
        Map<String, String> vehicleBody = Map.of("vin", "\"" + newVin() + "\"", "make", "\"Ford\"", "model", "\"T\"",
                "year", "2020", "status", "\"ACTIVE\"", "plate", "\"P\"");
        Map<String, String> vehicleKinds = Map.of("vin", "text", "make", "text", "model", "text", "year", "int",
                "status", "enum", "plate", "text");
        addFieldCases(cases, "POST", api + "/fleets/" + fleet + "/vehicles", vehicleBody, vehicleKinds);
        addFieldCases(cases, "PUT", api + "/vehicles/" + vehicle, with(vehicleBody, "fleetId", "\"" + fleet + "\""),
                Map.of("fleetId", "uuid", "year", "int", "status", "enum", "vin", "text", "version", "version"));
        cases.add(new Case("PUT vehicle into a fleet that does not exist", "PUT", api + "/vehicles/" + vehicle,
                "application/json", utf8(object(with(vehicleBody, "fleetId", "\"" + UUID.randomUUID() + "\"")))));
        Map<String, String> reading = Map.of("recordedAt", "\"" + Instant.now() + "\"", "lat", "1.5", "lon", "2.5",
                "speedKph", "10", "odometerKm", "5", "engineOn", "true");
        addFieldCases(cases, "POST", api + "/vehicles/" + vehicle + "/telemetry", reading, Map.of("recordedAt", "instant",
                "lat", "latitude", "lon", "double", "speedKph", "double", "odometerKm", "double", "engineOn", "bool",
                "vehicleId", "uuid", "fuelPct", "double", "headingDeg", "double"));
        cases.add(new Case("single reading naming another vehicle", "POST", api + "/vehicles/" + vehicle + "/telemetry",
                "application/json", utf8(object(with(reading, "vehicleId", "\"" + UUID.randomUUID() + "\"")))));
        // batch shapes refused as a whole
        for (String batch : new String[] {"{\"readings\":[]}", "[]", "{\"readings\":null}", "{}", "{\"readings\":{}}",
                "{\"readings\":\"x\"}", "{\"readings\":[" + "{},".repeat(1000) + "{}]}", "[[]]", "{\"readings\":[1]}",
                "{\"readings\":[\"x\"]}"}) {
            cases.add(new Case("POST batch " + abbreviate(batch), "POST", api + "/telemetry", "application/json", utf8(batch)));
        }
        // every query parameter of every list and history route
        Map<String, List<String>> queryRoutes = new LinkedHashMap<>();
        queryRoutes.put(api + "/fleets", List.of("page", "size"));
        queryRoutes.put(api + "/vehicles", List.of("page", "size", "status", "fleetId"));
        queryRoutes.put(api + "/fleets/" + fleet + "/vehicles", List.of("page", "size", "status"));
        queryRoutes.put(api + "/dashboard", List.of("page", "size", "reportingWithinMinutes"));
        queryRoutes.put(api + "/vehicles/" + vehicle + "/telemetry", List.of("from", "to", "limit"));
        Map<String, List<String>> badQuery = Map.of(
                "page", List.of("-1", "abc", "2147483648", "1e3", "2147483647", "%00", "1.5"),
                "size", List.of("0", "-1", "201", "abc", "99999999999", "%27%20OR%201=1--"),
                "status", List.of("active", "1", "UNKNOWN", "%00", "ACTIVE,IDLE"),
                "fleetId", List.of("not-a-uuid", "..%2F..%2F", "%2F", "00000000-0000-0000-0000-00000000000g"),
                "reportingWithinMinutes", List.of("0", "-5", "1441", "x", "99999999999"),
                "from", List.of("yesterday", "-1000000000-01-01T00:00:00Z", "%2B1000000000-12-31T23:59:59Z", "2025-13-01T00:00:00Z"),
                "to", List.of("x", "%2B1000000000-12-31T23:59:59.999999999Z", "0"),
                "limit", List.of("0", "-1", "1001", "x", "2147483648"));
        queryRoutes.forEach((path, parameters) -> {
            for (String parameter : parameters) {
                for (String value : badQuery.get(parameter)) {
                    cases.add(new Case("GET " + path.substring(api.length()) + "?" + parameter + "=" + value, "GET",
                            path + "?" + parameter + "=" + value, null, null));
                }
            }
        });
        cases.add(new Case("history from after to", "GET", api + "/vehicles/" + vehicle
                + "/telemetry?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z", null, null));
        // bad ids and encoded slashes in paths
        for (String id : new String[] {"not-a-uuid", "%2F", "..%2F" + fleet, "%2e%2e", fleet + "%00",
                "00000000-0000-0000-0000-00000000000g", "' OR '1'='1", UUID.randomUUID().toString()}) {
            String encoded = id.replace(" ", "%20").replace("'", "%27");
            for (String[] route : new String[][] {{"GET", "/fleets/"}, {"PUT", "/fleets/"}, {"DELETE", "/fleets/"},
                    {"GET", "/vehicles/"}, {"DELETE", "/vehicles/"}, {"POST", "/fleets/%s/vehicles"}}) {
                String path = route[1].contains("%s") ? api + route[1].replace("%s", encoded) : api + route[1] + encoded;
                byte[] body = route[0].equals("GET") || route[0].equals("DELETE") ? null
                        : utf8(route[1].contains("vehicles") ? object(vehicleBody) : "{\"name\":\"x\"}");
                cases.add(new Case(route[0] + " " + route[1] + id, route[0], path, body == null ? null : "application/json",
                        body));
            }
        }
        for (String badOwner : new String[] {"a%2Fb", "%2e%2e", "x".repeat(65), "own%00er", "%E2%82%AC"}) {
            cases.add(new Case("owner id " + abbreviate(badOwner), "GET", "/api/owners/" + badOwner + "/fleets", null, null));
        }
        // preconditions
        cases.add(new Case("If-Match of another version", "DELETE", api + "/fleets/" + fleet + "#ifmatch", null, null));
        return cases;
    }

    Response send(Case c) {
        var request = given().auth().oauth2(token).accept("application/json")
                .config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false);
        String path = c.path();
        if (path.endsWith("#ifmatch")) {
            path = path.substring(0, path.length() - "#ifmatch".length());
            request = request.header("If-Match", "\"999\"");
        }
        if (c.contentType() != null) {
            request = request.contentType(c.contentType());
        }
        if (c.body() != null && c.contentType() != null && c.contentType().contains("form-urlencoded")) {
            request = request.body(new String(c.body(), StandardCharsets.UTF_8)); // RestAssured encodes forms from text
        } else if (c.body() != null) {
            request = request.body(c.body());
        }
        return request.request(c.method(), path);
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsA4xxProblemAndChangesNothing() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
        fleet = createFleet(token, owner, "Corpus fleet");
        vehicle = createVehicle(token, owner, fleet);
        String before = state();
        List<Case> cases = corpus();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the corpus has at least 300 cases (" + cases.size() + ")",
                () -> assertThat(cases).hasSizeGreaterThanOrEqualTo(300)));
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Response response = send(c);
                String body = response.asString();
                assertThat(response.statusCode()).as(c.name() + ": " + body).isBetween(400, 499);
                assertThat(response.contentType()).as(c.name()).startsWith("application/problem+json");
                assertThat(LEAKS).as(c.name() + ": " + body).noneMatch(body::contains);
            }));
        }
        tests.add(DynamicTest.dynamicTest("the database is unchanged by every refused request",
                () -> assertThat(state()).isEqualTo(before)));
        tests.add(DynamicTest.dynamicTest("raw HTTP: HTTP/1.0 without Host and a chunked oversized body", () -> {
            RawHttp.Response old = RawHttp.exchange("POST /api/owners/" + owner + "/fleets HTTP/1.0\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n", utf8("{}"));
            assertThat(old.status()).isEqualTo(400);
            RawHttp.Response chunked = RawHttp.chunked("PUT", "/api/owners/" + owner + "/fleets/" + fleet, token,
                    utf8("{\"name\":\"" + "x".repeat(100_000) + "\"}"));
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(state()).isEqualTo(before);
        }));
        return tests.stream();
    }

    String state() {
        return as(token).get("/api/owners/{o}/fleets", owner).asString()
                + as(token).get("/api/owners/{o}/vehicles", owner).asString()
                + as(token).get("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).asString()
                + as(token).get("/api/owners/{o}/dashboard", owner).jsonPath().getString("byStatus");
    }
}
