package io.fleetpulse.devdb;

import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Dev mode only: {@code GET /dev/sign-in} hands the dashboard page at {@code /} a demo-owner token, so that
 * {@code ./mvnw quarkus:dev} opens signed in. The bean (and so the route) does not exist in the test or prod
 * build profiles; it answers loopback clients only, in case dev mode was bound to another interface.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevSignIn {

    public static final String PATH = "/dev/sign-in";

    private final DevTokenPrinter tokens;

    DevSignIn(DevTokenPrinter tokens) {
        this.tokens = tokens;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::signIn);
    }

    private void signIn(RoutingContext context) {
        String token = isLoopback(context) ? tokens.demoOwnerToken() : null;
        if (token == null) {
            context.response().setStatusCode(404).end();
            return;
        }
        context.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("accessToken", token).put("ownerId", DevTokenPrinter.DEMO_OWNER).encode());
    }

    private static boolean isLoopback(RoutingContext context) {
        if (context.request().remoteAddress() == null) {
            return false;
        }
        try {
            // The remote address is a literal IP: no name lookup happens here.
            return InetAddress.getByName(context.request().remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
