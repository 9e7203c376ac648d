package io.fleetpulse.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Small REST helpers for tests: authenticated requests and ready-made fleets and vehicles. */
public final class Api {

    private static final AtomicLong VIN_SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static Map<String, Object> fleetBody(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("description", "Fleet " + name);
        return body;
    }

    /** A valid, unique VIN (no I, O, Q). */
    public static String newVin() {
        return "1FTBR1Y8X" + String.format("%08d", VIN_SEQ.incrementAndGet() % 100_000_000);
    }

    public static Map<String, Object> vehicleBody(String vin) {
        Map<String, Object> body = new HashMap<>();
        body.put("vin", vin);
        body.put("plate", "AB-" + vin.substring(13));
        body.put("make", "Ford");
        body.put("model", "Transit");
        body.put("year", 2022);
        body.put("status", "ACTIVE");
        return body;
    }

    /** Creates a fleet and returns its id. */
    public static String createFleet(String token, String ownerId, String name) {
        return as(token).body(fleetBody(name))
                .post("/api/owners/{o}/fleets", ownerId)
                .then().statusCode(201).extract().path("id");
    }

    /** Creates a vehicle in a fleet and returns its id. */
    public static String createVehicle(String token, String ownerId, String fleetId) {
        return as(token).body(vehicleBody(newVin()))
                .post("/api/owners/{o}/fleets/{f}/vehicles", ownerId, fleetId)
                .then().statusCode(201).extract().path("id");
    }
}
