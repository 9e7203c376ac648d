package io.fleetpulse.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Guards every WebSocket upgrade before the socket opens: the Origin must be allowed (cross-site
 * WebSocket hijacking), the token valid (401), and an {@code {ownerId}} in the path the caller's (403).
 */
@ApplicationScoped
public class RealtimeUpgradeCheck implements HttpUpgradeCheck {

    public static final UserData.TypedKey<Long> SINCE = UserData.TypedKey.forLong("fleetpulse.since");
    public static final UserData.TypedKey<Long> EXPIRES_AT = UserData.TypedKey.forLong("fleetpulse.token-exp");
    public static final UserData.TypedKey<String> CALLER_OWNER_ID = UserData.TypedKey.forString("fleetpulse.owner");
    public static final UserData.TypedKey<Boolean> STAFF = UserData.TypedKey.forBoolean("fleetpulse.staff");

    private final OwnerAccess access;
    private final List<String> allowedOrigins;

    RealtimeUpgradeCheck(OwnerAccess access,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> allowedOrigins) {
        this.access = access;
        this.allowedOrigins = allowedOrigins.orElse(List.of());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            return CheckResult.rejectUpgrade(403);
        }
        Long since;
        try {
            since = parseSince(context.httpRequest().getParam("since"));
        } catch (NumberFormatException e) {
            return CheckResult.rejectUpgrade(400);
        }
        return context.securityIdentity()
                .map(identity -> decide(context, identity, since))
                .onFailure().recoverWithItem(() -> CheckResult.rejectUpgradeSync(401,
                        Map.of("WWW-Authenticate", List.of("Bearer"))));
    }

    private CheckResult decide(HttpUpgradeContext context, SecurityIdentity identity, Long since) {
        if (identity == null || identity.isAnonymous()) {
            return CheckResult.rejectUpgradeSync(401, Map.of("WWW-Authenticate", List.of("Bearer")));
        }
        if (!identity.hasRole(Roles.OWNER) && !identity.hasRole(Roles.STAFF)) {
            return CheckResult.rejectUpgradeSync(403);
        }
        String ownerId = context.pathParam("ownerId");
        if (ownerId != null) {
            if (access.decide(identity, ownerId) != OwnerAccess.Decision.ALLOWED) {
                return CheckResult.rejectUpgradeSync(403);
            }
            if (!OwnerAccess.isValidOwnerId(ownerId)) {
                return CheckResult.rejectUpgradeSync(400);
            }
        }
        UserData data = context.userData();
        if (since != null) {
            data.put(SINCE, since);
        }
        data.put(STAFF, identity.hasRole(Roles.STAFF));
        String callerOwner = OwnerAccess.ownerIdOf(identity);
        if (callerOwner != null) {
            data.put(CALLER_OWNER_ID, callerOwner);
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            data.put(EXPIRES_AT, jwt.getExpirationTime());
        }
        return CheckResult.permitUpgradeSync();
    }

    private static Long parseSince(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long since = Long.parseLong(value.trim());
        if (since < 0) {
            throw new NumberFormatException("negative");
        }
        return since;
    }

    /** Schedules {@code onExpiry} at the token's expiry; returns the timer id (or -1 without one). */
    public static long closeOnExpiry(Vertx vertx, WebSocketConnection connection, Runnable onExpiry) {
        Long exp = connection.userData().get(EXPIRES_AT);
        if (exp == null) {
            return -1;
        }
        long delay = Math.max(1, exp * 1000 - System.currentTimeMillis());
        return vertx.setTimer(delay, id -> onExpiry.run());
    }
}
