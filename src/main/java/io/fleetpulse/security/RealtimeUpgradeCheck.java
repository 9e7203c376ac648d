package io.fleetpulse.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Guards every WebSocket upgrade before the socket opens: the Origin must be the service's own or a
 * configured one (cross-site WebSocket hijacking), the token valid (401), an {@code {ownerId}} in the path
 * the caller's (403), and the caller under its connection caps (429).
 */
@ApplicationScoped
public class RealtimeUpgradeCheck implements HttpUpgradeCheck {

    public static final UserData.TypedKey<Long> SINCE = UserData.TypedKey.forLong("fleetpulse.since");
    public static final UserData.TypedKey<Long> EXPIRES_AT = UserData.TypedKey.forLong("fleetpulse.token-exp");
    public static final UserData.TypedKey<String> CALLER_OWNER_ID = UserData.TypedKey.forString("fleetpulse.owner");
    /** The token's subject (principal name), the key of the per-subject connection cap. */
    public static final UserData.TypedKey<String> SUBJECT = UserData.TypedKey.forString("fleetpulse.subject");

    private final OwnerAccess access;
    private final ConnectionCaps caps;
    private final List<String> allowedOrigins;

    RealtimeUpgradeCheck(OwnerAccess access, ConnectionCaps caps,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> allowedOrigins) {
        this.access = access;
        this.caps = caps;
        this.allowedOrigins = allowedOrigins.orElse(List.of());
    }

    /** Whether the upgrade's Origin (if any) is the service's own origin or a configured one. */
    public boolean originAllowed(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        return origin == null || allowedOrigins.contains(origin) || sameOrigin(origin, request.getHeader("Host"));
    }

    /**
     * Whether {@code origin} names the host (and port) the request was sent to: a page served by this service
     * itself. Browsers set Origin and Host themselves, so a foreign page cannot fake either.
     */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        if (defaultPort < 0 || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false;
        }
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String hostName = host.trim();
        int hostPort = defaultPort;
        int colon = hostName.lastIndexOf(':');
        if (colon > hostName.lastIndexOf(']')) {
            try {
                hostPort = Integer.parseInt(hostName.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            hostName = hostName.substring(0, colon);
        }
        return hostName.equalsIgnoreCase(uri.getHost()) && hostPort == originPort;
    }

    /** Only owners and staff follow feeds (devices write telemetry, nothing else). */
    public static boolean mayFollowFeeds(SecurityIdentity identity) {
        return identity.hasRole(Roles.OWNER) || identity.hasRole(Roles.STAFF);
    }

    public static String subjectOf(SecurityIdentity identity) {
        return identity.getPrincipal().getName();
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!originAllowed(context.httpRequest())) {
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
                .onFailure().recoverWithUni(() -> afterAuthenticationFailure(context));
    }

    /**
     * A bad token fails the identity, and the HTTP layer answers that failure itself (401 problem+json)
     * before the check's own result arrives; a second answer would fail with "Response head already sent"
     * (an ERROR per refused upgrade). Then there is nothing left to say.
     */
    public static Uni<CheckResult> afterAuthenticationFailure(HttpUpgradeContext context) {
        if (context.httpRequest().response().headWritten() || context.httpRequest().response().ended()) {
            return Uni.createFrom().nothing();
        }
        return CheckResult.rejectUpgrade(401, Map.of("WWW-Authenticate", List.of("Bearer")));
    }

    private CheckResult decide(HttpUpgradeContext context, SecurityIdentity identity, Long since) {
        if (identity == null || identity.isAnonymous()) {
            return CheckResult.rejectUpgradeSync(401, Map.of("WWW-Authenticate", List.of("Bearer")));
        }
        if (!mayFollowFeeds(identity)) {
            return CheckResult.rejectUpgradeSync(403);
        }
        String ownerId = context.pathParam("ownerId");
        String subject = subjectOf(identity);
        String callerOwner = OwnerAccess.ownerIdOf(identity);
        if (ownerId != null) {
            if (access.decide(identity, ownerId) != OwnerAccess.Decision.ALLOWED) {
                return CheckResult.rejectUpgradeSync(403);
            }
            if (!OwnerAccess.isValidOwnerId(ownerId)) {
                return CheckResult.rejectUpgradeSync(400);
            }
            // The plain feed (the hub's own check caps hub sockets); taken for real when the socket opens.
            if (caps.wouldExceed(ConnectionCaps.Protocol.websocket, subject, callerOwner)) {
                return CheckResult.rejectUpgradeSync(ConnectionCaps.HTTP_STATUS);
            }
        }
        UserData data = context.userData();
        data.put(SUBJECT, subject);
        if (since != null) {
            data.put(SINCE, since);
        }
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
}
