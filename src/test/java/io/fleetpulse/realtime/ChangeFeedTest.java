package io.fleetpulse.realtime;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.fleetBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChangeFeedTest {

    @Inject
    ChangeBroadcaster broadcaster;

    String owner;
    String token;

    @BeforeEach
    void newOwner() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
    }

    String feed(long since) {
        return "/ws/owners/" + owner + "?since=" + since;
    }

    @Test
    void everyTabOfTheOwnerGetsCreateUpdateDeleteInOrderAndOtherOwnersGetNothing() {
        String other = Tokens.newOwnerId();
        try (FeedClient tab1 = FeedClient.connect(feed(0), token);
                FeedClient tab2 = FeedClient.connect(feed(0), token);
                FeedClient tab3 = FeedClient.connect(feed(0), token);
                FeedClient stranger = FeedClient.connect("/ws/owners/" + other + "?since=0", Tokens.owner(other))) {

            String id = createFleet(token, owner, "Live");
            as(token).body(Map.of("name", "Live 2")).put("/api/owners/{o}/fleets/{id}", owner, id).then().statusCode(200);
            as(token).delete("/api/owners/{o}/fleets/{id}", owner, id).then().statusCode(204);

            for (FeedClient tab : List.of(tab1, tab2, tab3)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 3);
                List<JsonNode> events = tab.events();
                assertThat(events).extracting(e -> e.get("type").asText())
                        .containsExactly("FleetCreated", "FleetUpdated", "FleetDeleted");
                assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L);
                assertThat(events).allSatisfy(e -> {
                    assertThat(e.get("ownerId").asText()).isEqualTo(owner);
                    assertThat(e.get("at").asText()).isNotBlank();
                });
                assertThat(events.get(0).get("data").get("name").asText()).isEqualTo("Live");
                assertThat(events.get(1).get("data").get("name").asText()).isEqualTo("Live 2");
                assertThat(events.get(1).get("data").get("version").asLong()).isEqualTo(1);
                assertThat(events.get(2).get("data").get("id").asText()).isEqualTo(id);
            }
            assertThat(stranger.messages()).isEmpty();
        }
    }

    @Test
    void theFeedCarriesWhatRestReturns() {
        try (FeedClient tab = FeedClient.connect(feed(0), token)) {
            String body = as(token).body(fleetBody("Same")).post("/api/owners/{o}/fleets", owner)
                    .then().statusCode(201).extract().asString();
            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 1);
            assertThat(tab.events().get(0).get("data")).isEqualTo(readTree(body));
        }
    }

    @Test
    void vehicleChangesPushVehicleEventsAndTheFleetsNewVehicleCount() {
        String fleet = createFleet(token, owner, "Vans");
        String target = createFleet(token, owner, "Trucks");
        try (FeedClient tab = FeedClient.connect(feed(2), token)) {
            String vehicle = createVehicle(token, owner, fleet);
            Map<String, Object> move = io.fleetpulse.support.Api.vehicleBody(
                    as(token).get("/api/owners/{o}/vehicles/{v}", owner, vehicle).then().extract().path("vin"));
            move.put("fleetId", target);
            as(token).body(move).put("/api/owners/{o}/vehicles/{v}", owner, vehicle).then().statusCode(200);
            as(token).delete("/api/owners/{o}/vehicles/{v}", owner, vehicle).then().statusCode(204);

            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 7);
            List<JsonNode> events = tab.events();
            assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(
                    "VehicleCreated", "FleetUpdated",
                    "VehicleUpdated", "FleetUpdated", "FleetUpdated",
                    "VehicleDeleted", "FleetUpdated");
            assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(events.get(1).get("data").get("vehicleCount").asInt()).isEqualTo(1);
            assertThat(events.get(3).get("data").get("id").asText()).isEqualTo(fleet);
            assertThat(events.get(3).get("data").get("vehicleCount").asInt()).isZero();
            assertThat(events.get(4).get("data").get("vehicleCount").asInt()).isEqualTo(1);
            assertThat(events.get(5).get("data").get("id").asText()).isEqualTo(vehicle);
            assertThat(events.get(5).get("data").get("fleetId").asText()).isEqualTo(target);
        }
    }

    @Test
    void deletingAFleetPushesVehicleDeletedForEachVehicleBeforeFleetDeleted() {
        String fleet = createFleet(token, owner, "Doomed");
        String v1 = createVehicle(token, owner, fleet);
        String v2 = createVehicle(token, owner, fleet);
        long seq = Long.parseLong(as(token).get("/api/owners/{o}/fleets", owner).then().extract().header("X-Change-Seq"));
        assertThat(seq).isEqualTo(5);
        try (FeedClient tab = FeedClient.connect(feed(seq), token)) {
            as(token).delete("/api/owners/{o}/fleets/{id}", owner, fleet).then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 3);
            List<JsonNode> events = tab.events();
            assertThat(events).extracting(e -> e.get("type").asText())
                    .containsExactly("VehicleDeleted", "VehicleDeleted", "FleetDeleted");
            assertThat(events).extracting(e -> e.get("data").get("id").asText())
                    .containsExactlyInAnyOrder(v1, v2, fleet);
            assertThat(events.get(2).get("data").get("id").asText()).isEqualTo(fleet);
            assertThat(events).extracting(e -> e.get("seq").asLong()).containsExactly(6L, 7L, 8L);
        }
    }

    @Test
    void listsCarryTheSeqToFollowFromSoNothingIsMissedBetweenLoadAndSubscribe() {
        createFleet(token, owner, "One");
        String seq = as(token).get("/api/owners/{o}/fleets", owner).then().statusCode(200).extract().header("X-Change-Seq");
        assertThat(seq).isEqualTo("1");
        createFleet(token, owner, "Two"); // written between the load and the subscription
        try (FeedClient tab = FeedClient.connect(feed(Long.parseLong(seq)), token)) {
            createFleet(token, owner, "Three");
            await().atMost(Duration.ofSeconds(10)).until(() -> tab.events().size() == 2);
            assertThat(tab.events()).extracting(e -> e.get("data").get("name").asText()).containsExactly("Two", "Three");
        }
        as(token).get("/api/owners/{o}/vehicles", owner).then().header("X-Change-Seq", "3");
    }

    @Test
    void withoutSinceTheFeedStartsAtTheCurrentSeq() {
        createFleet(token, owner, "Old");
        try (FeedClient tab = FeedClient.connect("/ws/owners/" + owner, token)) {
            // Written once the feed has read its start (the current seq, 1): then it is the first event sent.
            StartedFeeds.await(broadcaster, owner, 1);
            createFleet(token, owner, "New");
            await().atMost(Duration.ofSeconds(10)).until(() -> !tab.events().isEmpty());
            assertThat(tab.events()).extracting(e -> e.get("seq").asLong()).containsExactly(2L);
            assertThat(tab.events().get(0).get("data").get("name").asText()).isEqualTo("New");
        }
    }

    static JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
