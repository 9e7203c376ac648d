package io.fleetpulse.realtime.signalr;

import io.fleetpulse.support.HubTransportScenario;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The official @microsoft/signalr JS client over each transport, forced with the {@code transport} option, with the
 * JSON and the MessagePack (@microsoft/signalr-protocol-msgpack) hub protocols.
 */
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
    void withMessagePackOverWebSocketsEveryEventArrivesOnceInOrder() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "WebSockets", "WebSocketTransport", true);
    }

    @Test
    void withMessagePackOverLongPollingEveryEventArrivesOnceInOrder() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "LongPolling", "LongPollingTransport", true);
    }

    @Test
    void withMessagePackServerSentEventsAreNotOffered() throws Exception {
        HubTransportScenario.cannotConnectWithMessagePack(server.toString(), "ServerSentEvents");
    }

    @Test
    void withMessagePackOverWebSocketsAnExpiredTokenCloses() throws Exception {
        HubTransportScenario.tokenExpiryCloses(server.toString(), "WebSockets", true);
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
