package io.fleetpulse.telemetry;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.fleetpulse.error.Problem;
import java.util.List;
import java.util.UUID;

/**
 * Outcome of an ingest (200 OK): how many readings came, how many were stored, which were rejected and
 * why, and for how many vehicles the latest snapshot moved forward (late readings only go to history).
 */
// Native: returned inside a Response (and its nested record), whose type Quarkus cannot see at build time.
@RegisterForReflection(targets = {IngestResult.class, IngestResult.Rejected.class})
public record IngestResult(int received, int accepted, int latestUpdated, List<Rejected> rejected) {

    /** A rejected batch entry: its index in {@code readings} and the invalid fields, e.g. {@code readings[3].lat}. */
    public record Rejected(int index, UUID vehicleId, List<Problem.FieldError> errors) {
    }
}
