package io.fleetpulse.changes;

import java.time.Instant;

/**
 * One committed change of an owner's data, as the change log holds it. {@code data} is the JSON the REST
 * API returns for the object (or its ids for deletes), kept as raw JSON text; the database wrote it.
 * {@code frame} is the plain WebSocket frame of the event, built once when the event is read, so a replica
 * with a thousand sockets of the owner encodes it once, not a thousand times.
 */
public record ChangeEvent(long seq, String type, String ownerId, Instant at, String data, String frame) {

    public ChangeEvent(long seq, String type, String ownerId, Instant at, String data) {
        this(seq, type, ownerId, at, data, frame(seq, type, ownerId, at, data));
    }

    public static final String FLEET_CREATED = "FleetCreated";
    public static final String FLEET_UPDATED = "FleetUpdated";
    public static final String FLEET_DELETED = "FleetDeleted";
    public static final String VEHICLE_CREATED = "VehicleCreated";
    public static final String VEHICLE_UPDATED = "VehicleUpdated";
    public static final String VEHICLE_DELETED = "VehicleDeleted";

    /** Whether the data carries only ids ({@code {"id","fleetId"}}) because the object is gone. */
    public boolean isDelete() {
        return FLEET_DELETED.equals(type) || VEHICLE_DELETED.equals(type);
    }

    /**
     * The plain WebSocket frame {@code {"seq","type","ownerId","at","data"}}, written without a JSON
     * library: owner ids and types never need escaping (their formats are fixed) and data already is JSON.
     */
    public String toJson() {
        return frame;
    }

    private static String frame(long seq, String type, String ownerId, Instant at, String data) {
        return new StringBuilder(data.length() + 128)
                .append("{\"seq\":").append(seq)
                .append(",\"type\":\"").append(type)
                .append("\",\"ownerId\":\"").append(ownerId)
                .append("\",\"at\":\"").append(at)
                .append("\",\"data\":").append(data)
                .append('}').toString();
    }
}
