package io.fleetpulse.realtime.signalr;

import io.fleetpulse.support.StatefulReconnectScenario;
import io.fleetpulse.support.TcpProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code withStatefulReconnect()} of the official JS client when the network drops its socket mid-burst. */
@QuarkusTest
class SignalRStatefulReconnectTest {

    @TestHTTPResource("/")
    URI server;

    @Test
    void aSocketCutMidBurstOfAThousandChangesLosesAndRepeatsNothing() throws Exception {
        try (TcpProxy proxy = new TcpProxy(List.of(server.getPort()))) {
            StatefulReconnectScenario.everyChangeOnceAcrossADrop(proxy, server.toString(), 1000, 0);
        }
    }

    @Test
    void aReconnectArrivingWhileTheServerStillHoldsTheOldSocketTakesItOver() throws Exception {
        // Only the client's side is cut: the server keeps the old socket, as it does until it notices a real drop.
        try (TcpProxy proxy = new TcpProxy(List.of(server.getPort()))) {
            StatefulReconnectScenario.everyChangeOnceAcrossACut(proxy, server.toString(), 1000, proxy::cutClientSides,
                    false);
        }
    }

    @Test
    void withMessagePackASocketCutMidBurstOfAThousandChangesLosesAndRepeatsNothing() throws Exception {
        try (TcpProxy proxy = new TcpProxy(List.of(server.getPort()))) {
            StatefulReconnectScenario.everyChangeOnceAcrossADrop(proxy, server.toString(), 1000, 0, true);
        }
    }
}
