package io.fleetpulse.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.fleetpulse.realtime.signalr.FleetHub;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.fleetpulse.support.TestOrigins;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard page at / in a real browser: Debian's headless Chromium driven by playwright-core
 * (src/test/js/browser/scenarios.mjs), several tabs and owners at once, the official SignalR browser client
 * on /hub/fleets. Each test is one scenario with fresh owners.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.PageOrigin.class)
class DashboardBrowserTest {

    @TestHTTPResource("/")
    URI server;

    @Inject
    OpenConnections openConnections;

    @Test
    void fleetsCreatedRenamedAndDeletedInOneTabChangeInTheOtherTabWithoutAReload() throws Exception {
        scenario("fleets-in-two-tabs");
    }

    @Test
    void vehiclesCreatedEditedMovedAndDeletedInOneTabChangeInTheOtherTab() throws Exception {
        scenario("vehicles-in-two-tabs");
    }

    @Test
    void aChangeMadeOverRestAppearsInBothTabsAndAnotherOwnersTabSeesNoneOfIt() throws Exception {
        scenario("rest-change-and-another-owner");
    }

    @Test
    void telemetryUpdatesTheTableAndTheMapInBothTabsAndTheDashboardIsScreenshotted() throws Exception {
        scenario("telemetry-table-and-map");
    }

    @Test
    void afterTheServerDropsTheSocketTheBadgeReconnectsAndAChangeMadeMeanwhileAppears() throws Exception {
        scenario("reconnect-resumes");
    }

    @Test
    void validationErrorsAppearNextToTheirFieldsAndAStaleVersionOffersAReload() throws Exception {
        scenario("validation-and-conflict");
    }

    @Test
    void thePageSignsInFromTheFragmentOrTheFormKeepsTheTokenInTheTabAndLoadsWithoutConsoleErrors() throws Exception {
        scenario("sign-in-and-page-load");
    }

    @Test
    void theDevSignInRouteDoesNotExistOutsideDevMode() {
        given().get("/").then().statusCode(200).body(containsString("/vendor/signalr/signalr.min.js"));
        given().get("/vendor/signalr/signalr.min.js").then().statusCode(200).body(containsString("HubConnectionBuilder"));
        given().get("/dev/sign-in").then().statusCode(404);
    }

    private void scenario(String name) throws Exception {
        String ownerA = Tokens.newOwnerId();
        String ownerB = Tokens.newOwnerId();
        Map<String, String> env = new HashMap<>();
        env.put("BASE_URL", server.toString().replaceAll("/$", ""));
        env.put("OWNER_A", ownerA);
        env.put("TOKEN_A", Tokens.owner(ownerA));
        env.put("OWNER_B", ownerB);
        env.put("TOKEN_B", Tokens.owner(ownerB));
        BrowserScenario.run(name, env, this::act);
    }

    /** Server-side actions a scenario asks for. */
    private String act(String request) {
        String[] parts = request.split(" ", 2);
        if (parts[0].equals("drop-hub-sockets")) {
            List<WebSocketConnection> connections = hubConnectionsOf(parts[1]);
            if (connections.isEmpty()) {
                return "no hub connection of " + parts[1];
            }
            // As a redeploy or a proxy timeout would: the server closes the socket, the tab must come back.
            connections.forEach(WebSocketConnection::closeAndAwait);
            return null;
        }
        return "unknown action " + request;
    }

    private List<WebSocketConnection> hubConnectionsOf(String owner) {
        return openConnections.findByEndpointId(FleetHub.ENDPOINT_ID).stream()
                .filter(connection -> owner.equals(connection.userData().get(RealtimeUpgradeCheck.CALLER_OWNER_ID)))
                .toList();
    }

    /**
     * The page is served by the service itself, so its WebSocket upgrades carry the service's own Origin
     * (http://localhost:port). The upgrade check admits configured origins only, so this profile listens on a
     * port chosen up front and allows that origin next to the tests' usual one.
     */
    public static class PageOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = freePort();
            return Map.of(
                    "quarkus.http.test-port", Integer.toString(port),
                    "quarkus.http.cors.origins", TestOrigins.ALLOWED + ",http://localhost:" + port);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
