package io.fleetpulse.vehicle;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Body of POST and PUT on vehicles. {@code fleetId} moves the vehicle on PUT; {@code status} defaults
 * to ACTIVE on create and stays unchanged on PUT when omitted; {@code version} as for fleets.
 */
public record VehicleRequest(
        UUID fleetId,
        @NotNull @Pattern(regexp = "[A-HJ-NPR-Za-hj-npr-z0-9]{17}",
                message = "must be 17 characters of A-Z and 0-9 without I, O and Q (ISO 3779)") String vin,
        @Size(max = 20) String plate,
        @NotBlank @Size(max = 60) String make,
        @NotBlank @Size(max = 60) String model,
        @NotNull @ModelYear Integer year,
        VehicleStatus status,
        @PositiveOrZero Long version) {
}
