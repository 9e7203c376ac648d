package io.fleetpulse.realtime.signalr;

import io.fleetpulse.support.HubTransportScenario;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With WebSockets switched off on the server, the official JS client without a transport option (the dashboard's
 * own configuration) falls back to Server-Sent Events (with MessagePack: to Long Polling) and still gets every event
 * once, in order.
 */
@QuarkusTest
@TestProfile(SignalRTransportFallbackTest.WebSocketsOff.class)
class SignalRTransportFallbackTest {

    /** The hub without its WebSocket transport, as behind a proxy that breaks upgrades. */
    public static class WebSocketsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fleetpulse.signalr.transports.web-sockets.enabled", "false");
        }
    }

    @TestHTTPResource("/")
    URI server;

    @Test
    void theDefaultClientFallsBackToServerSentEventsAndMissesNothing() throws Exception {
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "default", "ServerSentEventsTransport");
    }

    @Test
    void theDefaultClientWithMessagePackSkipsServerSentEventsForLongPollingAndMissesNothing() throws Exception {
        // Server-Sent Events carry text only (negotiate says so): a MessagePack client passes them by.
        HubTransportScenario.everyEventOnceInOrder(server.toString(), "default", "LongPollingTransport", true);
    }

    @Test
    void aClientForcingWebSocketsCannotConnect() throws Exception {
        HubTransportScenario.cannotConnect(server.toString(), "WebSockets");
    }
}
