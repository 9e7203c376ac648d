package io.fleetpulse.telemetry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of the batch POST: readings of any of the owner's vehicles, each validated on its own. Either
 * {@code {"readings":[...]}} or the plain array of readings.
 */
public record TelemetryBatch(List<TelemetryReading> readings) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public TelemetryBatch(@JsonProperty("readings") List<TelemetryReading> readings) {
        this.readings = readings;
    }

    /** The plain-array form: Jackson uses this creator for a JSON array, the properties one for an object. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TelemetryBatch of(List<TelemetryReading> readings) {
        return new TelemetryBatch(readings);
    }
}
