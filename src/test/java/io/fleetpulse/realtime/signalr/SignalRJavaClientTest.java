package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;
import static io.fleetpulse.support.Api.fleetBody;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.HubConnectionState;
import com.microsoft.signalr.HubException;
import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reactivex.rxjava3.core.Single;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub driven by the official ASP.NET Core SignalR Java client (com.microsoft.signalr). */
@QuarkusTest
class SignalRJavaClientTest {

    private static final List<String> EVENTS = List.of(ChangeEvent.FLEET_CREATED, ChangeEvent.FLEET_UPDATED,
            ChangeEvent.FLEET_DELETED, ChangeEvent.VEHICLE_CREATED, ChangeEvent.VEHICLE_UPDATED, ChangeEvent.VEHICLE_DELETED);

    /** One event as the client received it: target, first argument, and the {seq, at, ownerId} argument. */
    record Received(String target, Object data, Map<String, Object> meta) {
        long seq() {
            return ((Number) meta.get("seq")).longValue();
        }
    }

    @TestHTTPResource("/hub/fleets")
    URI hub;

    private final List<HubConnection> connections = new ArrayList<>();

    @AfterEach
    void stopClients() {
        connections.forEach(HubConnection::close);
    }

    /** A client as a dashboard builds it, recording every event it is sent. */
    private HubConnection client(String jwt, List<Received> received) {
        HubConnection connection = HubConnectionBuilder.create(hub.toString())
                .withAccessTokenProvider(Single.defer(() -> Single.just(jwt)))
                .build();
        for (String event : EVENTS) {
            if (event.endsWith("Deleted")) {
                connection.on(event, (String id, Map meta) -> received.add(new Received(event, id, meta)), String.class, Map.class);
            } else {
                connection.on(event, (Map data, Map meta) -> received.add(new Received(event, data, meta)), Map.class, Map.class);
            }
        }
        connection.on("Resync", (Map position) -> received.add(new Received("Resync", null, position)), Map.class);
        connections.add(connection);
        return connection;
    }

    /** A recording client, connected (negotiate, socket, handshake done). */
    private HubConnection started(String jwt, List<Received> received) {
        HubConnection connection = client(jwt, received);
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        return connection;
    }

    private static void awaitCount(List<Received> received, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= count);
    }

    @Test
    void aJoinedClientReceivesEveryEventTypeAfterRestWrites() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        List<Received> received = new CopyOnWriteArrayList<>();
        HubConnection connection = started(jwt, received);
        Map<?, ?> joined = connection.invoke(Map.class, "JoinFleetGroup", owner).timeout(10, TimeUnit.SECONDS).blockingGet();
        assertThat(joined.get("ownerId"), equalTo(owner));

        String fleetId = createFleet(jwt, owner, "North");
        as(jwt).body(fleetBody("North 2")).put("/api/owners/{o}/fleets/{f}", owner, fleetId).then().statusCode(200);
        String vehicleId = createVehicle(jwt, owner, fleetId);
        Map<String, Object> vehicle = as(jwt).get("/api/owners/{o}/vehicles/{v}", owner, vehicleId).then().statusCode(200)
                .extract().as(Map.class);
        vehicle.put("plate", "ZZ-1");
        as(jwt).body(vehicle).put("/api/owners/{o}/vehicles/{v}", owner, vehicleId).then().statusCode(200);
        as(jwt).delete("/api/owners/{o}/fleets/{f}", owner, fleetId).then().statusCode(204);

        // A vehicle write also updates its fleet's vehicleCount: FleetUpdated follows VehicleCreated.
        awaitCount(received, 7);
        assertThat(received.stream().map(Received::target).toList(), contains(ChangeEvent.FLEET_CREATED,
                ChangeEvent.FLEET_UPDATED, ChangeEvent.VEHICLE_CREATED, ChangeEvent.FLEET_UPDATED,
                ChangeEvent.VEHICLE_UPDATED, ChangeEvent.VEHICLE_DELETED, ChangeEvent.FLEET_DELETED));
        assertThat(received.stream().map(Received::seq).toList(), contains(1L, 2L, 3L, 4L, 5L, 6L, 7L));
        assertThat(((Map<?, ?>) received.get(0).data()).get("name"), equalTo("North"));
        assertThat(((Map<?, ?>) received.get(1).data()).get("name"), equalTo("North 2"));
        assertThat(((Map<?, ?>) received.get(2).data()).get("id"), equalTo(vehicleId));
        assertThat(((Map<?, ?>) received.get(3).data()).get("vehicleCount"), equalTo(1.0));
        assertThat(((Map<?, ?>) received.get(4).data()).get("plate"), equalTo("ZZ-1"));
        assertThat(received.get(5).data(), equalTo(vehicleId));
        assertThat(received.get(5).meta().get("fleetId"), equalTo(fleetId));
        assertThat(received.get(6).data(), equalTo(fleetId));
        for (Received event : received) {
            assertThat(event.meta().get("ownerId"), equalTo(owner));
            assertThat(String.valueOf(event.meta().get("at")), containsString("T"));
        }
    }

    @Test
    void aJoinedClientReceivesTelemetryUpdatedWithTheNewestSnapshot() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        String vehicleId = createVehicle(jwt, owner, createFleet(jwt, owner, "Sensors"));
        List<Map<String, Object>> snapshots = new CopyOnWriteArrayList<>();
        HubConnection connection = client(jwt, new CopyOnWriteArrayList<>());
        connection.on("TelemetryUpdated", (Map snapshot, Map meta) -> {
            assertThat(meta.get("vehicleId"), equalTo(vehicleId));
            snapshots.add(snapshot);
        }, Map.class, Map.class);
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        connection.invoke(Map.class, "JoinFleetGroup", owner).timeout(10, TimeUnit.SECONDS).blockingGet();

        Map<String, Object> reading = Map.of("recordedAt", java.time.Instant.now().minusSeconds(1).toString(),
                "lat", 48.85, "lon", 2.35, "speedKph", 77.0);
        as(jwt).body(reading).post("/api/owners/{o}/vehicles/{v}/telemetry", owner, vehicleId).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !snapshots.isEmpty());
        assertThat(snapshots.get(snapshots.size() - 1).get("speedKph"), equalTo(77.0));
    }

    @Test
    void joiningAnotherOwnersGroupIsRefused() {
        String jwt = Tokens.owner(Tokens.newOwnerId());
        HubConnection connection = started(jwt, new CopyOnWriteArrayList<>());
        String other = Tokens.newOwnerId();
        HubException refused = assertThrows(HubException.class,
                () -> connection.invoke("JoinFleetGroup", other).blockingAwait(10, TimeUnit.SECONDS));
        assertThat(refused.getMessage(), equalTo("Not allowed to join the fleet group of owner '" + other + "'."));
        assertThat(connection.getConnectionState(), equalTo(HubConnectionState.CONNECTED));
    }

    @Test
    void invokingAnUnknownMethodIsAnError() {
        HubConnection connection = started(Tokens.owner(Tokens.newOwnerId()), new CopyOnWriteArrayList<>());
        HubException error = assertThrows(HubException.class, () -> connection.invoke("SendMessage", "hi").blockingAwait(10, TimeUnit.SECONDS));
        assertThat(error.getMessage(), equalTo("Unknown hub method 'SendMessage'"));
        HubException noArguments = assertThrows(HubException.class, () -> connection.invoke("JoinFleetGroup").blockingAwait(10, TimeUnit.SECONDS));
        assertThat(noArguments.getMessage(), containsString("takes (ownerId[, sinceSeq])"));
    }

    @Test
    void staffMayJoinSeveralOwnersGroupsOnOneConnection() {
        String first = Tokens.newOwnerId();
        String second = Tokens.newOwnerId();
        List<Received> received = new CopyOnWriteArrayList<>();
        HubConnection connection = started(Tokens.staff(), received);
        connection.invoke("JoinFleetGroup", first).blockingAwait(10, TimeUnit.SECONDS);
        connection.invoke("JoinFleetGroup", second).blockingAwait(10, TimeUnit.SECONDS);
        createFleet(Tokens.owner(first), first, "A");
        createFleet(Tokens.owner(second), second, "B");
        awaitCount(received, 2);
        assertThat(received.stream().map(r -> r.meta().get("ownerId")).sorted().toList(),
                equalTo(List.of(first, second).stream().sorted().toList()));
    }

    @Test
    void leavingAGroupStopsItsEvents() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        List<Received> received = new CopyOnWriteArrayList<>();
        HubConnection connection = started(jwt, received);
        connection.invoke("JoinFleetGroup", owner).blockingAwait(10, TimeUnit.SECONDS);
        createFleet(jwt, owner, "Before");
        awaitCount(received, 1);
        connection.invoke("LeaveFleetGroup", owner).blockingAwait(10, TimeUnit.SECONDS);
        createFleet(jwt, owner, "After");
        // A second connection that stays joined proves the event was published before we look.
        List<Received> witness = new CopyOnWriteArrayList<>();
        HubConnection other = started(jwt, witness);
        other.invoke("JoinFleetGroup", owner, 1L).blockingAwait(10, TimeUnit.SECONDS);
        awaitCount(witness, 1);
        connection.invoke("LeaveFleetGroup", owner).blockingAwait(10, TimeUnit.SECONDS); // a round trip after the event: it would have arrived
        assertThat(received.size(), equalTo(1));
    }

    @Test
    void aReconnectingClientRejoiningWithSinceSeqMissesNoEvent() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        List<Received> received = new CopyOnWriteArrayList<>();
        HubConnection first = started(jwt, received);
        first.invoke("JoinFleetGroup", owner).blockingAwait(10, TimeUnit.SECONDS);
        createFleet(jwt, owner, "One");
        awaitCount(received, 1);
        first.stop().blockingAwait(10, TimeUnit.SECONDS);

        String fleetId = createFleet(jwt, owner, "Two while away");
        createVehicle(jwt, owner, fleetId);
        long lastSeen = received.get(received.size() - 1).seq();

        HubConnection second = started(jwt, received);
        second.invoke(Map.class, "JoinFleetGroup", owner, lastSeen).timeout(10, TimeUnit.SECONDS).blockingGet();
        createFleet(jwt, owner, "Three live");
        awaitCount(received, 5);
        assertThat(received.stream().map(Received::seq).toList(), contains(1L, 2L, 3L, 4L, 5L));
        assertThat(received.stream().map(Received::target).toList(), contains(ChangeEvent.FLEET_CREATED,
                ChangeEvent.FLEET_CREATED, ChangeEvent.VEHICLE_CREATED, ChangeEvent.FLEET_UPDATED, ChangeEvent.FLEET_CREATED));
        // Replayed events carry the same JSON objects as live ones.
        assertThat(((Map<?, ?>) received.get(1).data()).get("name"), equalTo("Two while away"));
    }

    @Test
    void rejoiningFromASeqTheServerNeverIssuedIsAResync() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        createFleet(jwt, owner, "Only");
        List<Received> received = new CopyOnWriteArrayList<>();
        HubConnection connection = started(jwt, received);
        connection.invoke("JoinFleetGroup", owner, 999L).blockingAwait(10, TimeUnit.SECONDS);
        awaitCount(received, 1);
        assertThat(received.get(0).target(), equalTo("Resync"));
        assertThat(((Number) received.get(0).meta().get("seq")).longValue(), equalTo(1L));
        assertThat(received.get(0).meta().get("ownerId"), equalTo(owner));
    }

    @Test
    void anExpiringTokenClosesTheConnectionWithTokenExpired() {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.ownerExpiringIn(owner, 6);
        HubConnection connection = client(jwt, new CopyOnWriteArrayList<>());
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        connection.onClosed(closed::complete);
        connection.start().blockingAwait(10, TimeUnit.SECONDS);
        connection.invoke("JoinFleetGroup", owner).blockingAwait(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).until(closed::isDone);
        assertThat(String.valueOf(closed.join().getMessage()), containsString("token expired"));
    }
}
