package io.fleetpulse.realtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * One committed change of an owner's data, exactly as the plain WebSocket sends it. {@code data} is
 * the JSON the REST API returns for the object (or its ids for deletes), kept as raw JSON text.
 */
@JsonPropertyOrder({"seq", "type", "ownerId", "at", "data"})
@RegisterForReflection // written by our own ObjectMapper calls, which native analysis cannot see
public record ChangeEvent(long seq, String type, String ownerId, Instant at, @JsonRawValue String data) {

    public static final String FLEET_CREATED = "FleetCreated";
    public static final String FLEET_UPDATED = "FleetUpdated";
    public static final String FLEET_DELETED = "FleetDeleted";
    public static final String VEHICLE_CREATED = "VehicleCreated";
    public static final String VEHICLE_UPDATED = "VehicleUpdated";
    public static final String VEHICLE_DELETED = "VehicleDeleted";
    /** Not sent to clients: another replica committed up to {@code seq}; read the log for the events. */
    static final String COMMITTED_ELSEWHERE = "CommittedElsewhere";

    static ChangeEvent committedElsewhere(String ownerId, long seq) {
        return new ChangeEvent(seq, COMMITTED_ELSEWHERE, ownerId, null, null);
    }

    @JsonIgnore
    boolean isHint() {
        return COMMITTED_ELSEWHERE.equals(type);
    }
}
