package io.fleetpulse.telemetry;

import java.util.List;

/** Body of the batch POST: readings of any of the owner's vehicles, each validated on its own. */
public record TelemetryBatch(List<TelemetryReading> readings) {
}
