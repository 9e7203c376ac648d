package io.fleetpulse.realtime.signalr;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Admits a hub socket only with a negotiated connection token ({@code ?id=}) of the same user: unknown or
 * expired 404, already connected 409, someone else's 403. Origin and the JWT itself are checked by
 * {@link io.fleetpulse.security.RealtimeUpgradeCheck}, which applies to every endpoint.
 */
@ApplicationScoped
public class HubUpgradeCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<String> CONNECTION_TOKEN = UserData.TypedKey.forString("fleetpulse.signalr.token");
    static final UserData.TypedKey<SecurityIdentity> IDENTITY = new UserData.TypedKey<>("fleetpulse.signalr.identity");

    private final HubConnectionTokens tokens;

    HubUpgradeCheck(HubConnectionTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return FleetHub.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String token = context.httpRequest().getParam("id");
        if (token == null || token.isBlank()) {
            // No negotiate-less connections: the token is what binds a socket to the negotiating user.
            return CheckResult.rejectUpgrade(400);
        }
        return context.securityIdentity()
                .map(identity -> decide(context, identity, token))
                .onFailure().recoverWithItem(HubUpgradeCheck::unauthorized);
    }

    private CheckResult decide(HttpUpgradeContext context, SecurityIdentity identity, String token) {
        if (identity == null || identity.isAnonymous()) {
            return unauthorized();
        }
        return switch (tokens.claim(token, HubConnectionTokens.userOf(identity))) {
            case UNKNOWN -> CheckResult.rejectUpgradeSync(404);
            case IN_USE -> CheckResult.rejectUpgradeSync(409);
            case OTHER_USER -> CheckResult.rejectUpgradeSync(403);
            case CLAIMED -> {
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
