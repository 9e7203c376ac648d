package io.fleetpulse.telemetry;

import java.util.List;

/**
 * CDI event fired after snapshots of an owner moved forward (the write has committed): whoever pushes
 * telemetry observes it, so telemetry depends on no consumer of its data.
 */
public record TelemetryStored(String ownerId, List<TelemetrySnapshot> snapshots) {
}
