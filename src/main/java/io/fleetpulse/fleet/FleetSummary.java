package io.fleetpulse.fleet;

import java.time.Instant;
import java.util.UUID;

/** A fleet as the API returns it (REST bodies and change-feed events alike). */
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
        return new FleetSummary(fleet.id, fleet.ownerId, fleet.name, fleet.description, fleet.vehicleCount,
                fleet.version, fleet.createdAt, fleet.updatedAt);
    }
}
