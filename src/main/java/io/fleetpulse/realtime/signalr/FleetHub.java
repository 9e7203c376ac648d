package io.fleetpulse.realtime.signalr;

import io.fleetpulse.realtime.ChangeFeed;
import io.fleetpulse.realtime.CloseCode;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.security.ConnectionCaps;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.quarkus.security.identity.SecurityIdentity;
import io.fleetpulse.realtime.SocketFailures;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The SignalR hub {@code /hub/fleets} (WebSockets transport, JSON hub protocol): a second wire format for
 * the same change feed as {@code /ws/owners/{ownerId}}. Sockets are admitted by {@link HubUpgradeCheck}.
 */
@WebSocket(path = FleetHub.PATH, endpointId = FleetHub.ENDPOINT_ID)
public class FleetHub {

    public static final String PATH = "/hub/fleets";
    public static final String ENDPOINT_ID = "fleetpulse-signalr-fleet-hub";

    private static final Logger LOG = Logger.getLogger(FleetHub.class);

    private final HubSession.Dependencies dependencies;
    private final HubConnectionTokens tokens;
    private final ConnectionCaps caps;
    private final Map<String, HubSession> sessions = new ConcurrentHashMap<>();
    /** Connections holding a place under the caps, with the subject and owner it was taken for. */
    private final Map<String, String[]> permits = new ConcurrentHashMap<>();

    FleetHub(ChangeFeed feed, TelemetryFeed telemetry, OwnerAccess access, HubProtocol protocol, HubConfig config,
            HubConnectionTokens tokens, ConnectionCaps caps, Vertx vertx) {
        this.dependencies = new HubSession.Dependencies(feed, telemetry, access, protocol, config, vertx);
        this.tokens = tokens;
        this.caps = caps;
    }

    // Every callback returns a Uni so that it runs on the connection's event loop, never on a worker.

    @OnOpen
    Uni<Void> onOpen(WebSocketConnection connection) {
        String token = connection.userData().get(HubUpgradeCheck.CONNECTION_TOKEN);
        HubSession session = new HubSession(new WebSocketHubTransport(connection),
                connection.userData().get(HubUpgradeCheck.IDENTITY), dependencies);
        sessions.put(connection.id(), session);
        SecurityIdentity identity = connection.userData().get(HubUpgradeCheck.IDENTITY);
        String subject = RealtimeUpgradeCheck.subjectOf(identity);
        String owner = OwnerAccess.ownerIdOf(identity);
        boolean admitted = caps.acquire(ConnectionCaps.Protocol.signalr, subject, owner);
        if (admitted) {
            permits.put(connection.id(), new String[] {subject, owner});
        }
        String connectionId = tokens.opened(token);
        if (!admitted) {
            // Another upgrade took the last place between this one's check and its open.
            session.closeWithError("Too many open connections for this user or owner; close other tabs.", false);
        } else if (connectionId == null) {
            session.closeWithError("The connection token expired before the socket opened; negotiate again.", true);
        } else {
            LOG.debugf("SignalR connection %s opened", connectionId);
            session.start();
        }
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    Uni<Void> onText(String message, WebSocketConnection connection) {
        HubSession session = sessions.get(connection.id());
        return session == null ? Uni.createFrom().voidItem() : session.onMessage(message);
    }

    /** The official Java client writes its JSON records as binary frames; ASP.NET Core accepts them too. */
    @OnBinaryMessage
    Uni<Void> onBinary(byte[] message, WebSocketConnection connection) {
        HubSession session = sessions.get(connection.id());
        return session == null ? Uni.createFrom().voidItem() : session.onMessage(message);
    }

    @OnClose
    Uni<Void> onClose(WebSocketConnection connection) {
        HubSession session = sessions.remove(connection.id());
        if (session != null) {
            session.dispose();
        }
        tokens.release(connection.userData().get(HubUpgradeCheck.CONNECTION_TOKEN));
        String[] permit = permits.remove(connection.id());
        if (permit != null) {
            caps.release(permit[0], permit[1]);
        }
        return Uni.createFrom().voidItem();
    }

    @OnError
    Uni<Void> onError(Throwable failure, WebSocketConnection connection) {
        if (connection.isClosed()) {
            LOG.debugf("SignalR connection %s: %s after close", connection.id(), failure);
            return Uni.createFrom().voidItem();
        }
        HubSession session = sessions.get(connection.id());
        if (SocketFailures.isTooBig(failure)) {
            // The client's fault (a message over the transport limit): no stack trace in the log.
            LOG.debugf("SignalR connection %s sent an oversized message", connection.id());
            if (session != null) {
                session.closeWithError("Message exceeds the maximum size.", false, CloseCode.MESSAGE_TOO_BIG.code());
            } else {
                connection.close(CloseCode.MESSAGE_TOO_BIG.closeReason()).subscribe().with(x -> { }, x -> { });
            }
            return Uni.createFrom().voidItem();
        }
        // Logged here, never sent: clients only learn that something failed, not what.
        LOG.warnf(failure, "SignalR connection %s failed", connection.id());
        if (session != null) {
            session.closeWithError("An unexpected error occurred on the server.", true);
        } else {
            connection.close().subscribe().with(x -> { }, x -> { });
        }
        return Uni.createFrom().voidItem();
    }
}
