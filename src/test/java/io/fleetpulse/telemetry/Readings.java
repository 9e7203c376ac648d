package io.fleetpulse.telemetry;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Telemetry request bodies for tests. */
final class Readings {

    private Readings() {
    }

    /** A valid reading at {@code recordedAt}; {@code speed} tells readings apart. */
    static Map<String, Object> reading(Instant recordedAt, double speed) {
        Map<String, Object> body = new HashMap<>();
        body.put("recordedAt", recordedAt.toString());
        body.put("lat", 52.52);
        body.put("lon", 13.405);
        body.put("speedKph", speed);
        body.put("headingDeg", 90.0);
        body.put("fuelPct", 55.5);
        body.put("batteryPct", 99.0);
        body.put("odometerKm", 12345.6);
        body.put("engineOn", true);
        return body;
    }

    static Map<String, Object> reading(String vehicleId, Instant recordedAt, double speed) {
        Map<String, Object> body = reading(recordedAt, speed);
        body.put("vehicleId", vehicleId);
        return body;
    }

    static Map<String, Object> with(Map<String, Object> reading, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(reading);
        copy.put(field, value);
        return copy;
    }
}
