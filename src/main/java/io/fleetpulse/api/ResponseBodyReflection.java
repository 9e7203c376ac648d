package io.fleetpulse.api;

import io.fleetpulse.error.Problem;
import io.fleetpulse.fleet.FleetSummary;
import io.fleetpulse.telemetry.Dashboard;
import io.fleetpulse.telemetry.IngestResult;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.fleetpulse.vehicle.VehicleSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: the JSON bodies that resources and error mappers return inside a {@code Response}, whose
 * types Quarkus cannot see at build time; without this Jackson finds no properties and fails (or writes {}).
 */
@RegisterForReflection(targets = {FleetSummary.class, VehicleSummary.class, Problem.class, Problem.FieldError.class,
        Dashboard.class, IngestResult.class, IngestResult.Rejected.class, TelemetrySnapshot.class})
final class ResponseBodyReflection {

    private ResponseBodyReflection() {
    }
}
