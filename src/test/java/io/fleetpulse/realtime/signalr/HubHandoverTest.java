package io.fleetpulse.realtime.signalr;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The replica-to-replica hand-over of a hub connection ({@code POST /hub/fleets/handover}): only to its own user. */
@QuarkusTest
class HubHandoverTest {

    @TestHTTPResource("/hub/fleets")
    URI hub;

    private static io.restassured.response.Response handOver(String connectionToken, String jwt, boolean relayed) {
        var request = given().queryParam("id", connectionToken).auth().oauth2(jwt);
        if (relayed) {
            request = request.header(HubRelay.RELAYED, "another-replica");
        }
        return request.post("/hub/fleets/handover");
    }

    @Test
    void aSecondSocketOfTheSameUserTakesAnOpenStatefulConnectionOverAndNoOneElseCan() throws Exception {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        String connectionToken = given().auth().oauth2(jwt)
                .post("/hub/fleets/negotiate?negotiateVersion=1&useStatefulReconnect=true")
                .then().statusCode(200).extract().path("connectionToken");
        try (RawHubSocket first = RawHubSocket.open(hub, connectionToken, jwt)) {
            first.send("{\"protocol\":\"json\",\"version\":2}" + RawHubSocket.RS);
            first.awaitRecord("{}");
            // Another user of the same owner, and the owner's device: refused, and the connection stays where it is.
            assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, Tokens.ownerUser(owner, 2))).isEqualTo(403);
            assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, Tokens.device(owner, "v-1")))
                    .isIn(403, 404);
            assertThat(first.isClosed()).isFalse();
            // The same user's next socket (its client saw the first one drop; the server did not): it takes over.
            try (RawHubSocket second = RawHubSocket.open(hub, connectionToken, jwt)) {
                second.awaitRecord("{\"type\":9,\"sequenceId\":1}");
                assertThat(first.closeCode.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1001);
            }
        }
    }

    @Test
    void anotherUsersBearerTokenGetsNothingAndTheConnectionStaysUsable() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        String connectionToken = RawHubSocket.negotiate(jwt);
        handOver(connectionToken, Tokens.owner(Tokens.newOwnerId()), true).then().statusCode(404);
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, jwt)).isEqualTo(101);
    }

    @Test
    void aRequestThatNoReplicaRelayedGetsNothing() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        String connectionToken = RawHubSocket.negotiate(jwt);
        handOver(connectionToken, jwt, false).then().statusCode(404);
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, jwt)).isEqualTo(101);
    }

    @Test
    void anOpenConnectionIsNeverHandedOver() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        String connectionToken = RawHubSocket.negotiate(jwt);
        try (RawHubSocket socket = RawHubSocket.open(hub, connectionToken, jwt)) {
            socket.send(RawHubSocket.HANDSHAKE);
            socket.awaitRecord("{}");
            handOver(connectionToken, jwt, true).then().statusCode(404);
        }
    }

    @Test
    void aTokenHandedOverToItsUserIsGoneHereAndCarriesNoSecretOfTheServer() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        String connectionToken = RawHubSocket.negotiate(jwt);
        String state = handOver(connectionToken, jwt, true).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().asString();
        assertThat(state).contains("\"handshaken\":false").doesNotContain(connectionToken);
        // Used up: this replica no longer has it, and nothing was stored for it.
        assertThat(RawHubSocket.upgradeStatus(hub, "?id=" + connectionToken, jwt)).isEqualTo(404);
        handOver(connectionToken, jwt, true).then().statusCode(404);
    }

    @Test
    void withoutABearerTokenTheAnswerIs401OrNothing() {
        String connectionToken = RawHubSocket.negotiate(Tokens.owner(Tokens.newOwnerId()));
        int status = given().queryParam("id", connectionToken).header(HubRelay.RELAYED, "x").post("/hub/fleets/handover")
                .statusCode();
        assertThat(status).isIn(401, 404);
    }
}
