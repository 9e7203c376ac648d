package io.fleetpulse.realtime.signalr;

import io.fleetpulse.support.HubTransportScenario;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The official @microsoft/signalr JS client over each transport, forced with the {@code transport} option. */
@QuarkusTest
class SignalRTransportsTest {

    @TestHTTPResource("/")
    URI server;

    @Test
    void overWebSocketsEveryEventArrivesOnceInOrder() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "WebSockets", "WebSocketTransport");
    }

    @Test
    void overServerSentEventsEveryEventArrivesOnceInOrder() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "ServerSentEvents", "ServerSentEventsTransport");
    }

    @Test
    void overLongPollingEveryEventArrivesOnceInOrder() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "LongPolling", "LongPollingTransport");
    }

    @Test
    void overServerSentEventsAnExpiredTokenCloses() throws Exception {
        HubTransportScenario.tokenExpiryCloses(server.toString(), "ServerSentEvents");
    }

    @Test
    void overLongPollingAnExpiredTokenCloses() throws Exception {
        HubTransportScenario.tokenExpiryCloses(server.toString(), "LongPolling");
    }
}
