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

    /** The owner_id claim of the caller's token, or null. */
    public static String ownerIdOf(SecurityIdentity identity) {
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(Roles.OWNER_ID_CLAIM);
            return claim == null ? null : claim.toString();
        }
        return null;
    }
}
