package io.fleetpulse.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import java.util.List;
import java.util.Map;

/**
 * The owner's dashboard in one body: counts, the change-feed seq it reflects (follow the socket from
 * it), and one page of latest snapshots ({@code latestTotal} = vehicles that ever reported).
 */
@RegisterForReflection // native: returned inside a Response and written by our own ObjectMapper calls
public record Dashboard(
        String ownerId,
        long seq,
        long fleetCount,
        long vehicleCount,
        Map<String, Long> vehiclesByStatus,
        int reportingWithinMinutes,
        long vehiclesReporting,
        int page,
        int size,
        long latestTotal,
        List<TelemetrySnapshot> latest) {
}
