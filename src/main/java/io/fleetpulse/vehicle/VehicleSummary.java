package io.fleetpulse.vehicle;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle as the API returns it (REST bodies and change-feed events alike). {@code latest} is its
 * latest telemetry snapshot on GET (one and lists), null elsewhere: telemetry travels as TelemetryUpdated.
 */
@RegisterForReflection // native: returned inside a Response and written by our own ObjectMapper calls
public record VehicleSummary(
        UUID id,
        String ownerId,
        UUID fleetId,
        String vin,
        String plate,
        String make,
        String model,
        int year,
        VehicleStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt,
        TelemetrySnapshot latest) {

    static VehicleSummary of(Vehicle v) {
        return of(v, null);
    }

    static VehicleSummary of(Vehicle v, TelemetrySnapshot latest) {
        return new VehicleSummary(v.id, v.ownerId, v.fleetId, v.vin, v.plate, v.make, v.model, v.year, v.status,
                v.version, v.createdAt, v.updatedAt, latest);
    }
}
