package io.fleetpulse.security;

/** Role names in the JWT {@code groups} claim and the claim that names an owner. */
public final class Roles {

    public static final String OWNER = "owner";
    public static final String STAFF = "staff";
    /** A vehicle's telematics unit: may only write telemetry of the vehicle named by its vehicle_id claim. */
    public static final String DEVICE = "device";
    public static final String OWNER_ID_CLAIM = "owner_id";
    public static final String VEHICLE_ID_CLAIM = "vehicle_id";

    private Roles() {
    }
}
