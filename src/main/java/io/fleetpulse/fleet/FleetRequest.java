package io.fleetpulse.fleet;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Body of POST and PUT on fleets; on PUT, {@code version} (optional) must be the current one. */
public record FleetRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 1000) String description,
        @PositiveOrZero Long version) {
}
