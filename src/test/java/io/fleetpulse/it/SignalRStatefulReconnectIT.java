package io.fleetpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpulse.support.Replica;
import io.fleetpulse.support.StatefulReconnectScenario;
import io.fleetpulse.support.TcpProxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stateful reconnect across replicas: two replica processes of the packaged application on one PostgreSQL
 * behind a TCP proxy; the JS client's socket is cut mid-burst of 1000 changes and its next socket reaches the
 * other replica, which takes the connection over (from the live replica, or from the state a replica shutting
 * down stored). Every change arrives once, in order, without a Resync.
 */
class SignalRStatefulReconnectIT {

    private static final Map<String, String> CONFIG = Map.of("fleetpulse.security.rate-limit.writes.enabled", "false");

    private Replica a;
    private Replica b;
    private TcpProxy proxy;

    @BeforeEach
    void twoReplicasBehindAProxy() throws Exception {
        a = Replica.start("stateful-a", CONFIG);
        b = Replica.start("stateful-b", CONFIG);
        proxy = new TcpProxy(List.of(a.port(), b.port()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        a.close();
        b.close();
    }

    @Test
    void aSocketCutMidBurstContinuesOnTheOtherReplica() throws Exception {
        StatefulReconnectScenario.everyChangeOnceAcrossADrop(proxy, "http://localhost:" + b.port(), 1000, 1);
        assertThat(b.log()).doesNotContain("ERROR");
    }

    @Test
    void withMessagePackASocketCutMidBurstContinuesOnTheOtherReplica() throws Exception {
        // The connection's protocol travels with its state: the other replica answers in MessagePack too.
        StatefulReconnectScenario.everyChangeOnceAcrossADrop(proxy, "http://localhost:" + b.port(), 1000, 1, true);
        assertThat(b.log()).doesNotContain("ERROR");
    }

    @Test
    void aReconnectReachingTheOtherReplicaBeforeTheHolderSawTheDropTakesTheConnectionOver() throws Exception {
        // Only the client's side is cut: replica a still holds the old socket when the next one reaches b.
        StatefulReconnectScenario.everyChangeOnceAcrossACut(proxy, "http://localhost:" + b.port(), 1000, () -> {
            proxy.route(1);
            proxy.cutClientSides();
        }, false);
        assertThat(b.log()).doesNotContain("ERROR");
    }

    @Test
    void aReplicaShuttingDownMidBurstHandsItsConnectionToTheOther() throws Exception {
        StatefulReconnectScenario.everyChangeOnceAcrossACut(proxy, "http://localhost:" + b.port(), 1000, () -> {
            proxy.route(1);
            a.close(); // SIGTERM: the replica stores its connections, then closes their sockets with 1001
        });
        assertThat(a.log()).contains("Stored 1 SignalR connections");
    }
}
