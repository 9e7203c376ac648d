package io.fleetpulse.realtime.signalr;

import io.fleetpulse.security.AccessTokenQueryParameter;
import io.fleetpulse.security.ConnectionCaps;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Admits a hub socket only with a negotiated connection token ({@code ?id=}) of the same user: unknown or
 * expired 404, already connected 409, someone else's 403. {@link RealtimeUpgradeCheck} applies to every
 * endpoint too, but the order of checks is not defined: everything that can refuse an upgrade (Origin,
 * role, connection cap) is decided here before the token is claimed, so a refused upgrade (a device token
 * with the owner's subject, a foreign page) never uses up the owner's connection token.
 */
@ApplicationScoped
@Priority(HubUpgradeCheck.PRIORITY)
public class HubUpgradeCheck implements HttpUpgradeCheck {

    /** Runs before RealtimeUpgradeCheck (priority 0): its own checks must hold whatever the order. */
    static final int PRIORITY = 10;

    static final UserData.TypedKey<String> CONNECTION_TOKEN = UserData.TypedKey.forString("fleetpulse.signalr.token");
    static final UserData.TypedKey<SecurityIdentity> IDENTITY = new UserData.TypedKey<>("fleetpulse.signalr.identity");

    private final HubConnectionTokens tokens;
    private final RealtimeUpgradeCheck admission;
    private final ConnectionCaps caps;
    private final HubConfig config;
    private final HubHandover handover;
    private final jakarta.enterprise.inject.Instance<FleetHub> hub;

    HubUpgradeCheck(HubConnectionTokens tokens, RealtimeUpgradeCheck admission, ConnectionCaps caps, HubConfig config,
            HubHandover handover, jakarta.enterprise.inject.Instance<FleetHub> hub) {
        this.handover = handover;
        this.hub = hub;
        this.tokens = tokens;
        this.admission = admission;
        this.caps = caps;
        this.config = config;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return FleetHub.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!config.transports().webSockets().enabled()) {
            return CheckResult.rejectUpgrade(404); // switched off: negotiate does not offer it either
        }
        String token = context.httpRequest().getParam("id");
        if (token == null || token.isBlank()) {
            // No negotiate-less connections: the token is what binds a socket to the negotiating user.
            return CheckResult.rejectUpgrade(400);
        }
        if (!admission.originAllowed(context.httpRequest())) {
            return CheckResult.rejectUpgrade(403);
        }
        return context.securityIdentity()
                .chain(identity -> moveHere(context, identity, token).map(ignored -> decide(context, identity, token)))
                .onFailure().recoverWithUni(() -> RealtimeUpgradeCheck.afterAuthenticationFailure(context));
    }

    /**
     * A token this replica does not know (the client's socket landed on another replica than the one holding
     * its connection, or its stateful reconnect did): the connection moves here first ({@link HubHandover});
     * the claim then finds it, or answers 404 as for any unknown token.
     */
    private Uni<Boolean> moveHere(HttpUpgradeContext context, SecurityIdentity identity, String token) {
        if (!HubConnectionTokens.mayTakeOver(identity)) {
            return Uni.createFrom().item(false);
        }
        String user = HubConnectionTokens.userOf(identity);
        if (tokens.openStatefully(token, user)) {
            // Its previous socket is still open here: the stateful reconnect raced the server noticing the drop.
            return hub.get().takeOver(token, user).replaceWith(true);
        }
        if (HubConnectionTokens.replicaOf(token) == null || tokens.known(token)) {
            return Uni.createFrom().item(false);
        }
        String authorization = context.httpRequest().getHeader("Authorization");
        if (authorization == null) {
            // Browsers' WebSockets send the JWT as ?access_token= (never logged); the holder wants it as a header.
            String query = context.httpRequest().getParam(AccessTokenQueryParameter.PARAMETER);
            if (query == null || query.isBlank()) {
                return Uni.createFrom().item(false);
            }
            authorization = "Bearer " + query;
        }
        return handover.fetch(token, identity, authorization);
    }

    private CheckResult decide(HttpUpgradeContext context, SecurityIdentity identity, String token) {
        if (identity == null || identity.isAnonymous()) {
            return unauthorized();
        }
        if (!RealtimeUpgradeCheck.mayFollowFeeds(identity)) {
            return CheckResult.rejectUpgradeSync(403);
        }
        if (caps.wouldExceed(ConnectionCaps.Protocol.signalr, RealtimeUpgradeCheck.subjectOf(identity),
                OwnerAccess.ownerIdOf(identity))) {
            return CheckResult.rejectUpgradeSync(ConnectionCaps.HTTP_STATUS);
        }
        return switch (tokens.claim(token, HubConnectionTokens.userOf(identity))) {
            case UNKNOWN -> CheckResult.rejectUpgradeSync(404);
            case IN_USE -> CheckResult.rejectUpgradeSync(409);
            case OTHER_USER -> CheckResult.rejectUpgradeSync(403);
            case CLAIMED, RESUMED -> {
                context.userData().put(CONNECTION_TOKEN, token);
                context.userData().put(IDENTITY, identity);
                yield CheckResult.permitUpgradeSync();
            }
        };
    }

    private static CheckResult unauthorized() {
        return CheckResult.rejectUpgradeSync(401, Map.of("WWW-Authenticate", List.of("Bearer")));
    }
}
