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
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    /** The public connection id of each open socket (stateful reconnect keeps it across sockets). */
    private final Map<String, String> connectionIds = new ConcurrentHashMap<>();
    /** Each open socket's context: where its feeds write, so where it is sealed. */
    private final Map<String, Context> contexts = new ConcurrentHashMap<>();
    private final Map<String, WebSocketConnection> open = new ConcurrentHashMap<>();
    /** The socket (connection id) holding each connection token. */
    private final Map<String, String> byToken = new ConcurrentHashMap<>();
    private final HubHandover handover;

    FleetHub(ChangeFeed feed, TelemetryFeed telemetry, OwnerAccess access, HubProtocol protocol, HubConfig config,
            HubConnectionTokens tokens, ConnectionCaps caps, Vertx vertx, HubHandover handover) {
        this.dependencies = new HubSession.Dependencies(feed, telemetry, access, protocol, config, vertx);
        this.handover = handover;
        this.tokens = tokens;
        this.caps = caps;
    }

    // Every callback returns a Uni so that it runs on the connection's event loop, never on a worker.

    @OnOpen
    Uni<Void> onOpen(WebSocketConnection connection) {
        String token = connection.userData().get(HubUpgradeCheck.CONNECTION_TOKEN);
        SecurityIdentity identity = connection.userData().get(HubUpgradeCheck.IDENTITY);
        // A stateful connection's next socket continues it (no handshake): see HubSession.seal.
        HubConnectionState resumed = tokens.resume(token);
        HubSession session = new HubSession(new WebSocketHubTransport(connection), identity, dependencies,
                tokens.stateful(token), resumed);
        sessions.put(connection.id(), session);
        contexts.put(connection.id(), Vertx.currentContext());
        open.put(connection.id(), connection);
        byToken.put(token, connection.id());
        String subject = RealtimeUpgradeCheck.subjectOf(identity);
        String owner = OwnerAccess.ownerIdOf(identity);
        boolean admitted = caps.acquire(ConnectionCaps.Protocol.signalr, subject, owner);
        if (admitted) {
            permits.put(connection.id(), new String[] {subject, owner});
        }
        String connectionId = tokens.opened(token);
        if (connectionId != null) {
            connectionIds.put(connection.id(), connectionId);
        }
        if (!admitted) {
            // Another upgrade took the last place between this one's check and its open.
            session.closeWithError("Too many open connections for this user or owner; close other tabs.", false);
        } else if (connectionId == null) {
            session.closeWithError("The connection token expired before the socket opened; negotiate again.", true);
        } else {
            LOG.debugf("SignalR connection %s %s", connectionId, resumed != null ? "resumed" : "opened");
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
        contexts.remove(connection.id());
        open.remove(connection.id());
        String token = connection.userData().get(HubUpgradeCheck.CONNECTION_TOKEN);
        byToken.remove(token, connection.id());
        String connectionId = connectionIds.remove(connection.id());
        HubConnectionState state = null;
        if (session != null && connectionId != null) {
            // On this socket's event loop, where its feeds write: nothing is written between the seal and the close.
            state = session.seal(HubConnectionTokens.userOf(connection.userData().get(HubUpgradeCheck.IDENTITY)), connectionId);
        } else if (session != null) {
            session.dispose();
        }
        if (state != null) {
            tokens.waiting(token, state); // the client's next socket, within the window, continues the connection
        } else if (!tokens.isWaiting(token) && !byToken.containsKey(token)) {
            // (not when sealed for the shutdown: its state waits to be stored; nor when a newer socket took it over)
            tokens.release(token);
        }
        String[] permit = permits.remove(connection.id());
        if (permit != null) {
            caps.release(permit[0], permit[1]);
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * Before ShutdownDrain closes the sockets (1001, no Close record, so the clients reconnect): every stateful
     * connection is sealed on its own event loop and stored with the dropped ones still waiting, so that the
     * replica each client reaches next continues it. Bounded: the shutdown goes on after two seconds regardless.
     */
    void onShutdownDelay(@Observes @Priority(1000) ShutdownDelayInitiatedEvent event) {
        List<Uni<Void>> seals = new ArrayList<>();
        sessions.forEach((id, session) -> {
            Context context = contexts.get(id);
            WebSocketConnection connection = open.get(id);
            String connectionId = connectionIds.get(id);
            if (!session.stateful() || context == null || connection == null || connectionId == null) {
                return;
            }
            seals.add(Uni.createFrom().emitter(done -> context.runOnContext(ignored -> {
                String token = connection.userData().get(HubUpgradeCheck.CONNECTION_TOKEN);
                HubConnectionState state = session.seal(
                        HubConnectionTokens.userOf(connection.userData().get(HubUpgradeCheck.IDENTITY)), connectionId);
                if (state != null) {
                    tokens.waiting(token, state);
                }
                done.complete(null);
            })));
        });
        Uni<Void> stored = (seals.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(seals).andFailFast().replaceWithVoid())
                .chain(handover::storeWaiting);
        if (Context.isOnEventLoopThread()) {
            stored.subscribe().with(x -> { }, failure -> LOG.warnf("Storing SignalR connections failed: %s", failure.getMessage()));
            return;
        }
        try {
            stored.await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("Storing SignalR connections for the shutdown failed: %s", e.getMessage());
        }
    }

    /**
     * The client's next socket of a stateful connection arrived before this replica saw the previous one drop (a
     * network cut is noticed by the client first): as ASP.NET Core does, the new socket takes over. The old one is
     * sealed on its own event loop, exactly as if it had dropped, and closed; the claim then resumes it. Only for the
     * same user: the upgrade check has authenticated the new socket's token.
     */
    Uni<Void> takeOver(String token, String user) {
        String id = byToken.get(token);
        HubSession session = id == null ? null : sessions.get(id);
        Context context = id == null ? null : contexts.get(id);
        WebSocketConnection connection = id == null ? null : open.get(id);
        String connectionId = id == null ? null : connectionIds.get(id);
        if (session == null || !session.stateful() || context == null || connection == null || connectionId == null
                || !user.equals(HubConnectionTokens.userOf(connection.userData().get(HubUpgradeCheck.IDENTITY)))) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(done -> context.runOnContext(ignored -> {
            HubConnectionState state = session.seal(user, connectionId);
            if (state != null) {
                tokens.waiting(token, state);
            }
            connection.close(new io.quarkus.websockets.next.CloseReason(CloseCode.GOING_AWAY.code()))
                    .subscribe().with(x -> { }, x -> { });
            done.complete(null);
        }));
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
