package io.fleetpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.support.HubTransportScenario;
import io.fleetpulse.support.Replica;
import io.fleetpulse.support.RoundRobinProxy;
import io.fleetpulse.support.TcpProxy;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SignalR's HTTP transports without sticky sessions: two replica processes on one PostgreSQL behind a proxy
 * that sends each request (negotiate, the event stream, every poll and POST) alternately to either replica.
 * The official JS client still gets every event once, in order, and is refused another owner's group.
 */
@QuarkusIntegrationTest
class SignalRTwoReplicasIT {

    private static Replica second;
    private static RoundRobinProxy proxy;

    @BeforeEach
    void replicasBehindAProxy() throws Exception {
        if (second == null) {
            second = Replica.start("signalr-b", Map.of());
            proxy = new RoundRobinProxy(List.of(RestAssured.port, second.port()));
        }
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (second != null) {
            second.close();
            second = null;
        }
    }

    private String viaProxy() {
        return "http://localhost:" + proxy.port();
    }

    @Test
    void serverSentEventsThroughAlternatingReplicasMissNothing() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(viaProxy(), "ServerSentEvents", "ServerSentEventsTransport");
        assertThat(proxy.hits(0)).isPositive();
        assertThat(proxy.hits(1)).isPositive();
    }

    @Test
    void webSocketsWithNegotiateAndTheUpgradeOnDifferentReplicasMissNothing() throws Exception {
        try (TcpProxy tcp = new TcpProxy(List.of(RestAssured.port, second.port()))) {
            tcp.alternate(); // negotiate's connection to one replica, the socket's to the other
            HubTransportScenario.everyEventOnceInOrder("http://localhost:" + tcp.port(), "WebSockets", "WebSocketTransport");
            assertThat(tcp.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void longPollingThroughAlternatingReplicasMissesNothing() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(viaProxy(), "LongPolling", "LongPollingTransport");
        assertThat(proxy.hits(0)).isPositive();
        assertThat(proxy.hits(1)).isPositive();
    }
}
