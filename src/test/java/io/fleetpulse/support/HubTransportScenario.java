package io.fleetpulse.support;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.newVin;
import static io.fleetpulse.support.Api.vehicleBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * The scenario every transport passes with the official JS client: each change type arrives once and in order,
 * JoinFleetGroup of another owner is refused, and an expiring token closes the connection.
 */
public final class HubTransportScenario {

    private HubTransportScenario() {
    }

    /** Runs the events scenario over {@code transport}; {@code expected} is the transport class the client picked. */
    public static void everyEventOnceInOrder(String apiUrl, String transport, String expected) throws Exception {
        everyEventOnceInOrder(apiUrl, transport, expected, false);
    }

    /** The events scenario with the JSON or (when {@code messagePack}) the MessagePack hub protocol. */
    public static void everyEventOnceInOrder(String apiUrl, String transport, String expected, boolean messagePack)
            throws Exception {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        try (NodeHubClient client = messagePack ? NodeHubClient.messagePack(apiUrl, owner, jwt, Tokens.newOwnerId(), transport)
                : new NodeHubClient(apiUrl, owner, jwt, Tokens.newOwnerId(), transport)) {
            assertThat(client.awaitLine("TRANSPORT ")).isEqualTo("TRANSPORT " + expected);
            assertThat(client.awaitLine("PROTOCOL ")).isEqualTo("PROTOCOL " + (messagePack ? "messagepack" : "json"));
            client.awaitLine("JOINED");
            assertThat(client.awaitLine("REFUSED ")).contains("Not allowed to join the fleet group of owner '");

            String fleet = createFleet(jwt, owner, "Harbour");
            as(jwt).body(Map.of("name", "Harbour East", "version", 0)).put("/api/owners/{o}/fleets/{id}", owner, fleet)
                    .then().statusCode(200);
            String vin = newVin();
            String vehicle = as(jwt).body(vehicleBody(vin)).post("/api/owners/{o}/fleets/{f}/vehicles", owner, fleet)
                    .then().statusCode(201).extract().path("id");
            Map<String, Object> reading = Map.of("recordedAt", java.time.Instant.now().minusSeconds(1).toString(),
                    "lat", 48.85, "lon", 2.35, "speedKph", 77.5);
            as(jwt).body(reading).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicle).then().statusCode(200);
            assertThat(client.awaitLine("TELEMETRY ")).isEqualTo("TELEMETRY " + vehicle + " 77.5");
            Map<String, Object> update = vehicleBody(vin);
            update.put("status", "MAINTENANCE");
            update.put("version", 0);
            as(jwt).body(update).put("/api/owners/{o}/vehicles/{id}", owner, vehicle).then().statusCode(200);
            as(jwt).delete("/api/owners/{o}/vehicles/{id}", owner, vehicle).then().statusCode(204);
            as(jwt).delete("/api/owners/{o}/fleets/{id}", owner, fleet).then().statusCode(204);

            client.awaitLine("EVENT FleetDeleted");
            assertThat(client.lines("EVENT ")).as(client.transcript()).containsExactly(
                    "EVENT FleetCreated 1 Harbour",
                    "EVENT FleetUpdated 2 Harbour East",
                    "EVENT VehicleCreated 3 " + vehicle,
                    "EVENT FleetUpdated 4 Harbour East", // its vehicle count
                    "EVENT VehicleUpdated 5 " + vehicle,
                    "EVENT VehicleDeleted 6 " + vehicle,
                    "EVENT FleetUpdated 7 Harbour East",
                    "EVENT FleetDeleted 8 " + fleet);
            assertThat(client.transcript()).doesNotContain("Error");
            assertThat(client.lines("CLOSED")).isEmpty();
            assertThat(client.stop()).as(client.transcript()).isTrue();
        }
    }

    /** A token that expires while connected closes the connection with the hub's "token expired". */
    public static void tokenExpiryCloses(String apiUrl, String transport) throws Exception {
        tokenExpiryCloses(apiUrl, transport, false);
    }

    /** The same, with the MessagePack hub protocol when {@code messagePack} (the Close message in MessagePack). */
    public static void tokenExpiryCloses(String apiUrl, String transport, boolean messagePack) throws Exception {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.ownerExpiringIn(owner, 4);
        try (NodeHubClient client = messagePack ? NodeHubClient.messagePack(apiUrl, owner, jwt, Tokens.newOwnerId(), transport)
                : new NodeHubClient(apiUrl, owner, jwt, Tokens.newOwnerId(), transport)) {
            client.awaitLine("JOINED");
            List<String> closed = List.of(client.awaitLine("CLOSED"));
            assertThat(closed.get(0)).as(client.transcript()).contains("token expired");
        }
    }

    /** A MessagePack client forcing a transport that carries text only cannot start: negotiate offers it for Text. */
    public static void cannotConnectWithMessagePack(String apiUrl, String transport) throws Exception {
        String owner = Tokens.newOwnerId();
        try (NodeHubClient client = NodeHubClient.messagePack(apiUrl, owner, Tokens.owner(owner), Tokens.newOwnerId(),
                transport)) {
            assertThat(client.awaitLine("FAILED ")).as(client.transcript())
                    .contains("Unable to connect to the server with any of the available transports");
        }
    }

    /** A transport the server switched off is not offered: the client forcing it cannot start. */
    public static void cannotConnect(String apiUrl, String transport) throws Exception {
        String owner = Tokens.newOwnerId();
        try (NodeHubClient client = new NodeHubClient(apiUrl, owner, Tokens.owner(owner), Tokens.newOwnerId(), transport)) {
            assertThat(client.awaitLine("FAILED ")).as(client.transcript())
                    .contains("Unable to connect to the server with any of the available transports")
                    .doesNotContain(transport + " failed");
        }
    }
}
