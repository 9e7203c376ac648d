package io.fleetpulse.realtime;

import static io.fleetpulse.support.Api.createFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.TestOrigins;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeedHandshakeTest {

    String owner;
    String path;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        path = "/ws/owners/" + owner;
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void withoutATokenTheUpgradeIsRefusedWith401() {
        assertThat(FeedClient.upgradeStatus(path, Map.of())).isEqualTo(401);
    }

    @Test
    void badExpiredOrForeignlySignedTokensAreRefusedWith401() {
        assertThat(FeedClient.upgradeStatus(path, bearer("not.a.jwt"))).isEqualTo(401);
        assertThat(FeedClient.upgradeStatus(path, bearer(Tokens.expired(owner)))).isEqualTo(401);
        assertThat(FeedClient.upgradeStatus(path, bearer(Tokens.wrongKey(owner)))).isEqualTo(401);
        assertThat(FeedClient.upgradeStatus(path, bearer(Tokens.wrongIssuer(owner)))).isEqualTo(401);
        assertThat(FeedClient.upgradeStatus(path, bearer(Tokens.algNone(owner)))).isEqualTo(401);
    }

    @Test
    void anotherOwnersFeedIsRefusedWith403() {
        assertThat(FeedClient.upgradeStatus(path, bearer(Tokens.owner(Tokens.newOwnerId())))).isEqualTo(403);
        assertThat(FeedClient.upgradeStatus(path, bearer(Tokens.withoutGroups(owner)))).isEqualTo(403);
    }

    @Test
    void aDisallowedOriginIsRefusedWith403AndTheAllowedOneAccepted() {
        Map<String, String> foreign = Map.of("Authorization", "Bearer " + Tokens.owner(owner), "Origin", TestOrigins.FOREIGN);
        Map<String, String> allowed = Map.of("Authorization", "Bearer " + Tokens.owner(owner), "Origin", TestOrigins.ALLOWED);
        assertThat(FeedClient.upgradeStatus(path, foreign)).isEqualTo(403);
        assertThat(FeedClient.upgradeStatus(path, allowed)).isEqualTo(101);
    }

    @Test
    void aMalformedSinceIsRefusedWith400() {
        assertThat(FeedClient.upgradeStatus(path + "?since=abc", bearer(Tokens.owner(owner)))).isEqualTo(400);
        assertThat(FeedClient.upgradeStatus(path + "?since=-4", bearer(Tokens.owner(owner)))).isEqualTo(400);
    }

    @Test
    void staffMaySubscribeToAnyOwner() {
        try (FeedClient staff = FeedClient.connect(path + "?since=0", Tokens.staff())) {
            createFleet(Tokens.owner(owner), owner, "Watched");
            await().atMost(Duration.ofSeconds(10)).until(() -> staff.events().size() == 1);
        }
    }

    @Test
    void theTokenIsAcceptedFromTheSubprotocolCarrierAndTheAccessTokenParameter() {
        String token = Tokens.owner(owner);
        try (FeedClient viaProtocol = FeedClient.connect(path + "?since=0",
                Map.of("Sec-WebSocket-Protocol", "bearer-token-carrier, " + java.net.URLEncoder.encode(
                        "quarkus-http-upgrade#Authorization#Bearer " + token, java.nio.charset.StandardCharsets.UTF_8)),
                true);
                FeedClient viaQuery = FeedClient.connect(path + "?since=0&access_token=" + token, Map.of(), true)) {
            createFleet(token, owner, "Both");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> viaProtocol.events().size() == 1 && viaQuery.events().size() == 1);
        }
    }

    @Test
    void aConnectionIsClosedWithADocumentedCodeWhenItsTokenExpires() {
        try (FeedClient client = FeedClient.connect(path, Tokens.ownerExpiringIn(owner, 3))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(CloseCode.TOKEN_EXPIRED.code());
        }
    }
}
