package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.fleetpulse.support.TestOrigins;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Negotiate, CORS and the upgrade check of the hub: who gets a socket, with which connection token. */
@QuarkusTest
class HubNegotiationTest {

    @TestHTTPResource("/hub/fleets")
    URI hub;

    @Test
    void negotiateOffersWebSocketsServerSentEventsAndLongPollingWithUrlSafeSingleUseTokens() {
        String token = Tokens.owner(Tokens.newOwnerId());
        Map<String, Object> body = as(token).post("/hub/fleets/negotiate?negotiateVersion=1")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("negotiateVersion", equalTo(1))
                .body("connectionId", matchesPattern("[A-Za-z0-9_-]{22}"))
                .body("connectionToken", matchesPattern("[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}")) // <replicaId>.<random>
                .body("availableTransports", equalTo(List.of(
                        Map.of("transport", "WebSockets", "transferFormats", List.of("Text", "Binary")),
                        Map.of("transport", "ServerSentEvents", "transferFormats", List.of("Text")),
                        Map.of("transport", "LongPolling", "transferFormats", List.of("Text", "Binary")))))
                .body("$", not(hasKey("useStatefulReconnect")))
                .extract().as(Map.class);
        String second = RawHubSocket.negotiate(token);
        assertThat(second, not(equalTo(body.get("connectionToken"))));
        assertThat(body.get("connectionId"), not(equalTo(body.get("connectionToken"))));
    }

    @Test
    void statefulReconnectIsGrantedOnlyToAClientThatAsksForIt() {
        String token = Tokens.owner(Tokens.newOwnerId());
        as(token).post("/hub/fleets/negotiate?negotiateVersion=1&useStatefulReconnect=true")
                .then().statusCode(200).body("useStatefulReconnect", equalTo(true));
        // A client that did not ask refuses a server that grants it ("Client didn't negotiate Stateful Reconnect").
        as(token).post("/hub/fleets/negotiate?negotiateVersion=1&useStatefulReconnect=false")
                .then().statusCode(200).body("$", not(hasKey("useStatefulReconnect")));
    }

    @Test
    void negotiateWithoutAValidTokenIs401() {
        given().post("/hub/fleets/negotiate?negotiateVersion=1").then().statusCode(401);
        as(Tokens.expired(Tokens.newOwnerId())).post("/hub/fleets/negotiate?negotiateVersion=1").then().statusCode(401);
        as(Tokens.wrongKey(Tokens.newOwnerId())).post("/hub/fleets/negotiate?negotiateVersion=1").then().statusCode(401);
    }

    @Test
    void negotiateVersionZeroPutsTheSecretInConnectionId() {
        as(Tokens.staff()).post("/hub/fleets/negotiate")
                .then().statusCode(200)
                .body("negotiateVersion", equalTo(0))
                .body("connectionId", matchesPattern("[A-Za-z0-9_-]{12}\\.[A-Za-z0-9_-]{43}"))
                .body("$", not(hasKey("connectionToken")));
    }

    @Test
    void corsPreflightAllowsTheSignalRHeadersForTheExactOriginWithCredentials() {
        given().header("Origin", TestOrigins.ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,x-requested-with,x-signalr-user-agent")
                .options("/hub/fleets/negotiate?negotiateVersion=1")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", TestOrigins.ALLOWED)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Authorization"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("X-Requested-With"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("X-SignalR-User-Agent"));
        String token = Tokens.owner(Tokens.newOwnerId());
        as(token).header("Origin", TestOrigins.ALLOWED).post("/hub/fleets/negotiate?negotiateVersion=1")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", TestOrigins.ALLOWED)
                .header("Access-Control-Allow-Credentials", "true");
    }

    @Test
    void corsPreflightFromAForeignOriginIsNotAllowed() {
        String allowOrigin = given().header("Origin", TestOrigins.FOREIGN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/hub/fleets/negotiate?negotiateVersion=1")
                .then().extract().header("Access-Control-Allow-Origin");
        assertThat(allowOrigin, nullValue());
    }

    @Test
    void anUnknownConnectionTokenIs404() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", jwt), equalTo(404));
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=not-a-token", jwt), equalTo(404));
    }

    @Test
    void aSocketWithoutConnectionTokenIs400() {
        assertThat(RawHubSocket.upgradeStatus(hub, "", Tokens.owner(Tokens.newOwnerId())), equalTo(400));
    }

    @Test
    void aSocketWithoutJwtIs401() {
        String connectionToken = RawHubSocket.negotiate(Tokens.owner(Tokens.newOwnerId()));
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, null), equalTo(401));
    }

    @Test
    void aSecondSocketForTheSameTokenIs409AndAClosedOnesTokenIsGone() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        String connectionToken = RawHubSocket.negotiate(jwt);
        try (RawHubSocket first = RawHubSocket.open(hub, connectionToken, jwt)) {
            assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, jwt), equalTo(409));
            first.send(RawHubSocket.HANDSHAKE);
            first.awaitRecord("{}");
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, jwt) == 404);
    }

    @Test
    void anotherUsersConnectionTokenIs403AndStaysUsableForItsOwner() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        String connectionToken = RawHubSocket.negotiate(jwt);
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, Tokens.owner(Tokens.newOwnerId())), equalTo(403));
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, Tokens.staff()), equalTo(403));
        try (RawHubSocket socket = RawHubSocket.open(hub, connectionToken, jwt)) {
            socket.send(RawHubSocket.HANDSHAKE);
            socket.awaitRecord("{}");
        }
    }

    @Test
    void aBrowserMayPassTheJwtAsAccessTokenQueryParameter() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        try (RawHubSocket socket = RawHubSocket.openLikeABrowser(hub, RawHubSocket.negotiate(jwt), jwt)) {
            socket.send(RawHubSocket.HANDSHAKE);
            socket.awaitRecord("{}");
        }
    }

    @Test
    void aForeignOriginIsRefusedOnTheUpgrade() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        String connectionToken = RawHubSocket.negotiate(jwt);
        int status;
        try {
            java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + jwt).header("Origin", TestOrigins.FOREIGN)
                    .buildAsync(RawHubSocket.ws(URI.create(hub + "?id=" + connectionToken)), new java.net.http.WebSocket.Listener() { })
                    .join();
            socket.abort();
            status = 101;
        } catch (java.util.concurrent.CompletionException e) {
            status = ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        assertThat(status, equalTo(403));
    }
}
