package io.fleetpulse.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Browsers cannot set headers on a WebSocket, so their clients (SignalR among them) send the JWT as
 * {@code ?access_token=}. For socket paths only, it becomes the Authorization header the JWT
 * mechanism reads. The access log pattern omits query strings, so the token is never logged.
 */
@ApplicationScoped
public class AccessTokenQueryParameter {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String path = context.request().path();
            if ((path.startsWith("/ws/") || path.startsWith("/hub/"))
                    && context.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                String token = context.request().getParam("access_token");
                if (token != null && !token.isBlank()) {
                    context.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                }
            }
            context.next();
        });
    }
}
