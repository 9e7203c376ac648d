package io.fleetpulse.telemetry;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.UUID;

/**
 * One telemetry reading as a device sends it. {@code vehicleId} is required in a batch and optional on
 * the per-vehicle route (where it must equal the path); the future-skew rule is checked by the service.
 */
public record TelemetryReading(
        UUID vehicleId,
        @NotNull Instant recordedAt,
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
        @PositiveOrZero Double speedKph,
        @DecimalMin("0") @DecimalMax("360") Double headingDeg,
        @DecimalMin("0") @DecimalMax("100") Double fuelPct,
        @DecimalMin("0") @DecimalMax("100") Double batteryPct,
        @PositiveOrZero Double odometerKm,
        Boolean engineOn) {
}
