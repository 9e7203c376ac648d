package io.fleetpulse.fleet;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** A fleet as the API returns it (REST bodies and change-feed events alike). */
@RegisterForReflection // native: returned inside a Response and written by our own ObjectMapper calls
public record FleetSummary(
        UUID id,
        String ownerId,
        String name,
        String description,
        long vehicleCount,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    static FleetSummary of(Fleet fleet) {
        return of(fleet, fleet.vehicleCount);
    }

    /** With a freshly counted vehicleCount (the loaded one is stale once vehicles changed in this transaction). */
    public static FleetSummary of(Fleet fleet, long vehicleCount) {
        return new FleetSummary(fleet.id, fleet.ownerId, fleet.name, fleet.description, vehicleCount,
                fleet.version, fleet.createdAt, fleet.updatedAt);
    }
}
