package io.fleetpulse.realtime;

import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.smallrye.mutiny.Uni;

/** What a wire protocol adapter does with the telemetry of one connection. */
public interface TelemetrySink {

    /** Writes one TelemetryUpdated; the Uni completes once the socket has taken it. */
    Uni<Void> sendTelemetry(TelemetrySnapshot snapshot);
}
