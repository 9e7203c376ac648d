package io.fleetpulse.it;

import static io.fleetpulse.support.Api.createFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Black-box push over both wire protocols against the packaged application (jar or native). */
@QuarkusIntegrationTest
class RealtimeIT {

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    @Test
    void aRestWriteIsPushedOverThePlainWebSocket() {
        try (FeedClient tab = FeedClient.connect("/ws/owners/" + owner + "?since=0", token)) {
            String id = createFleet(token, owner, "Pushed");
            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 1);
            assertThat(tab.events().get(0).get("type").asText()).isEqualTo("FleetCreated");
            assertThat(tab.events().get(0).get("seq").asLong()).isEqualTo(1);
            assertThat(tab.events().get(0).get("data").get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void theWebSocketUpgradeRefusesMissingTokensAndOtherOwners() {
        String path = "/ws/owners/" + owner;
        assertThat(FeedClient.upgradeStatus(path, Map.of())).isEqualTo(401);
        assertThat(FeedClient.upgradeStatus(path, Map.of("Authorization", "Bearer " + Tokens.owner("someone-else"))))
                .isEqualTo(403);
    }

    @Test
    void theSignalRHubNegotiatesHandshakesAndPushes() {
        URI hub = URI.create("http://localhost:" + RestAssured.port + "/hub/fleets");
        try (RawHubSocket socket = RawHubSocket.connected(hub, token)) {
            socket.send("{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinFleetGroup\",\"arguments\":[\""
                    + owner + "\"]}" + RawHubSocket.RS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> socket.nonPingRecords().stream().anyMatch(r -> r.contains("\"invocationId\":\"1\"")));
            createFleet(token, owner, "Hub");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> socket.nonPingRecords().stream().anyMatch(r -> r.contains("\"target\":\"FleetCreated\"")));
        }
    }
}
