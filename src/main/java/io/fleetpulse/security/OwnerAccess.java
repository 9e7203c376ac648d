package io.fleetpulse.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Principal;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The single rule for who may act on an owner's data (OWASP API1): staff may act on any owner, an
 * owner only on the ownerId of its own token. REST, the WebSocket handshake and the hub all ask here.
 */
@ApplicationScoped
public class OwnerAccess {

    private static final Pattern OWNER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The outcome of an access check. */
    public enum Decision { ALLOWED, UNAUTHENTICATED, FORBIDDEN }

    public static boolean isValidOwnerId(String ownerId) {
        return ownerId != null && OWNER_ID.matcher(ownerId).matches();
    }

    public Decision decide(SecurityIdentity identity, String ownerId) {
        if (identity == null || identity.isAnonymous()) {
            return Decision.UNAUTHENTICATED;
        }
        if (identity.hasRole(Roles.STAFF)) {
            return Decision.ALLOWED;
        }
        if (identity.hasRole(Roles.OWNER) && ownerId != null && ownerId.equals(ownerIdOf(identity))) {
            return Decision.ALLOWED;
        }
        return Decision.FORBIDDEN;
    }

    /**
     * Who may write a vehicle's telemetry: whoever {@link #decide may act on the owner}, and a device
     * whose token names this owner and this vehicle. A null {@code vehicleId} asks whether the token may
     * write telemetry of some vehicle of the owner (each vehicle is then asked for on its own).
     */
    public Decision decideTelemetryWrite(SecurityIdentity identity, String ownerId, String vehicleId) {
        Decision asOwner = decide(identity, ownerId);
        if (asOwner != Decision.FORBIDDEN || !identity.hasRole(Roles.DEVICE)) {
            return asOwner;
        }
        boolean ownOwner = ownerId != null && ownerId.equals(ownerIdOf(identity));
        boolean ownVehicle = vehicleId == null || sameId(vehicleId, claim(identity, Roles.VEHICLE_ID_CLAIM));
        return ownOwner && ownVehicle ? Decision.ALLOWED : Decision.FORBIDDEN;
    }

    private static boolean sameId(String a, String b) {
        return b != null && a.trim().equalsIgnoreCase(b.trim());
    }

    /** The owner_id claim of the caller's token, or null. */
    public static String ownerIdOf(SecurityIdentity identity) {
        return claim(identity, Roles.OWNER_ID_CLAIM);
    }

    private static String claim(SecurityIdentity identity, String name) {
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(name);
            return claim == null ? null : claim.toString();
        }
        return null;
    }
}
