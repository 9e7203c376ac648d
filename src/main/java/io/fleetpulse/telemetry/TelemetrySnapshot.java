package io.fleetpulse.telemetry;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A stored reading of one vehicle: the latest snapshot (REST, dashboard, TelemetryUpdated) or a history row. */
@JsonPropertyOrder({"vehicleId", "recordedAt", "receivedAt", "lat", "lon", "speedKph", "headingDeg", "fuelPct",
        "batteryPct", "odometerKm", "engineOn"})
@RegisterForReflection // native: returned inside a Response and written by our own ObjectMapper calls
public record TelemetrySnapshot(
        UUID vehicleId,
        Instant recordedAt,
        Instant receivedAt,
        double lat,
        double lon,
        Double speedKph,
        Double headingDeg,
        Double fuelPct,
        Double batteryPct,
        Double odometerKm,
        Boolean engineOn) {

    /** Whether this snapshot is strictly newer than {@code other} (null counts as older than anything). */
    public boolean newerThan(TelemetrySnapshot other) {
        return other == null || recordedAt.isAfter(other.recordedAt);
    }
}
