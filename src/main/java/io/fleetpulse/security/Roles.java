package io.fleetpulse.security;

/** Role names in the JWT {@code groups} claim and the claim that names an owner. */
public final class Roles {

    public static final String OWNER = "owner";
    public static final String STAFF = "staff";
    public static final String OWNER_ID_CLAIM = "owner_id";

    private Roles() {
    }
}
