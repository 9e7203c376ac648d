package io.fleetpulse.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Frees what authentication leaves behind on every open socket. websockets-next keeps the upgrade request's
 * RoutingContext for the socket's whole life (its SecuritySupport), and with it the memoized deferred identity:
 * the entire authentication Uni chain, its operators and about twenty captured thread-context snapshots. With
 * 10,000 sockets that was 200,000 snapshot objects on the heap. Before the upgrade, once the identity is known,
 * a completed Uni of the same identity takes its place, and the chain can be collected.
 */
@ApplicationScoped
public class SettledUpgradeIdentity {

    void register(@Observes Router router) {
        // Quarkus runs its HTTP filters as routes of order -priority: authentication is -200, the WebSocket
        // endpoints' upgrade routes come after every filter. So: after authentication, before the upgrade.
        router.route().order(-150).handler(this::settle);
    }

    private void settle(RoutingContext context) {
        Uni<SecurityIdentity> deferred = context.request().headers().contains(HttpHeaders.UPGRADE)
                ? context.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY) : null;
        if (deferred == null) {
            context.next();
            return;
        }
        deferred.subscribe().with(identity -> {
            context.put(QuarkusHttpUser.DEFERRED_IDENTITY_KEY, Uni.createFrom().item(identity));
            context.next();
        }, failure -> context.next()); // a refused token: the checks answer it as before
    }
}
