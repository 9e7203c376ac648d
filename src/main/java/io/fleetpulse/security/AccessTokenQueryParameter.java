package io.fleetpulse.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Browsers cannot set headers on a WebSocket, so their clients (SignalR among them) send the JWT as
 * {@code ?access_token=}. Only a WebSocket upgrade of a socket route may carry it that way: the decision
 * is taken on the normalized path (dot segments and %2e resolved, as the router resolves them), so
 * {@code /hub/../api/...} is a REST call and its query token is ignored. Negotiate is a plain POST whose
 * clients all send the Authorization header: it does not read the query either. The access log pattern
 * logs paths without query strings, so the token is never logged.
 */
@ApplicationScoped
public class AccessTokenQueryParameter {

    public static final String PARAMETER = "access_token";

    /** The socket routes: the plain feed of one owner and the hub's WebSocket endpoint. */
    private static final Pattern SOCKET_PATH = Pattern.compile("/ws/owners/[^/]+|/hub/fleets");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (context.request().getHeader(HttpHeaders.AUTHORIZATION) == null && isSocketUpgrade(context)) {
                String token = context.request().getParam(PARAMETER);
                if (token != null && !token.isBlank()) {
                    context.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                }
            }
            context.next();
        });
    }

    /** A GET with {@code Upgrade: websocket} to a socket route, judged on the normalized path. */
    static boolean isSocketUpgrade(RoutingContext context) {
        return context.request().method() == HttpMethod.GET
                && "websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))
                && isSocketPath(context.normalizedPath());
    }

    static boolean isSocketPath(String normalizedPath) {
        return normalizedPath != null && SOCKET_PATH.matcher(normalizedPath).matches();
    }
}
