package io.fleetpulse.realtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** The data of a delete event: the id, and for a vehicle the fleet it was in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection // written into the outbox by our own ObjectMapper call
public record Deleted(UUID id, UUID fleetId) {
}
