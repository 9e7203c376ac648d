package io.fleetpulse.realtime.ws;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.realtime.ChangeFeed;
import io.fleetpulse.realtime.CloseCode;
import io.fleetpulse.realtime.FeedSink;
import io.fleetpulse.realtime.FeedSubscription;
import io.fleetpulse.realtime.OrderedSender;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.realtime.TelemetrySink;
import io.fleetpulse.realtime.TelemetrySubscription;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.fleetpulse.realtime.SocketFailures;
import io.fleetpulse.security.ConnectionCaps;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The plain JSON change feed of one owner: {@code /ws/owners/{ownerId}?since=<seq>}. Authentication,
 * ownership and Origin are checked on the HTTP upgrade by {@link RealtimeUpgradeCheck}. Next to the
 * seq-ordered change events it sends TelemetryUpdated frames (no seq: telemetry is state, conflated).
 */
@WebSocket(path = "/ws/owners/{ownerId}")
public class OwnerFeedSocket {

    private static final Logger LOG = Logger.getLogger(OwnerFeedSocket.class);

    private final ChangeFeed feed;
    private final TelemetryFeed telemetry;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    private final ConnectionCaps caps;

    OwnerFeedSocket(ChangeFeed feed, TelemetryFeed telemetry, ObjectMapper json, Vertx vertx, ConnectionCaps caps) {
        this.caps = caps;
        this.feed = feed;
        this.telemetry = telemetry;
        this.json = json;
        this.vertx = vertx;
    }

    private record Open(FeedSubscription subscription, TelemetrySubscription telemetry, long expiryTimer,
            String subject, String callerOwner) {
    }

    /** A TelemetryUpdated frame: the vehicle's latest snapshot, outside the seq order. */
    @JsonPropertyOrder({"type", "ownerId", "vehicleId", "data"})
    @RegisterForReflection // written by our own ObjectMapper call, which native analysis cannot see
    record TelemetryFrame(String type, String ownerId, UUID vehicleId, TelemetrySnapshot data) {
    }

    @OnOpen
    void onOpen(WebSocketConnection connection) {
        String subject = connection.userData().get(RealtimeUpgradeCheck.SUBJECT);
        String callerOwner = connection.userData().get(RealtimeUpgradeCheck.CALLER_OWNER_ID);
        if (!caps.acquire(ConnectionCaps.Protocol.websocket, subject, callerOwner)) {
            // Another upgrade took the last place between this one's check and its open.
            connection.close(CloseCode.TOO_MANY_CONNECTIONS.closeReason()).subscribe().with(x -> { }, x -> { });
            return;
        }
        String ownerId = connection.pathParam("ownerId");
        Long since = connection.userData().get(RealtimeUpgradeCheck.SINCE);
        Sink sink = new Sink(connection);
        FeedSubscription subscription = feed.open(ownerId, since, sink);
        // With or without since, telemetry starts from the current latest snapshots (state, not history).
        TelemetrySubscription telemetrySubscription = telemetry.open(ownerId, sink);
        long timer = closeOnExpiry(connection);
        open.put(connection.id(), new Open(subscription, telemetrySubscription, timer, subject, callerOwner));
    }

    /** Closes the socket with 4401 when its token expires; the timer id, or -1 for a token without exp. */
    private long closeOnExpiry(WebSocketConnection connection) {
        Long exp = connection.userData().get(RealtimeUpgradeCheck.EXPIRES_AT);
        if (exp == null) {
            return -1;
        }
        long delay = Math.max(1, exp * 1000 - System.currentTimeMillis());
        return vertx.setTimer(delay, id -> connection.close(CloseCode.TOKEN_EXPIRED.closeReason()).subscribe().with(x -> { }));
    }

    /** The feed is one-way; client messages are ignored (the socket's pings keep it alive). */
    @OnTextMessage
    void onText(String ignored) {
    }

    @OnClose
    void onClose(WebSocketConnection connection) {
        Open state = open.remove(connection.id());
        if (state != null) {
            state.subscription().close();
            state.telemetry().close();
            vertx.cancelTimer(state.expiryTimer());
            caps.release(state.subject(), state.callerOwner());
        }
    }

    /**
     * A failing socket is closed here, not by the framework's default (1011 and an ERROR with a stack trace):
     * an oversized message is the client's fault (1009, debug log), anything else a warning without the
     * client ever learning what failed.
     */
    @OnError
    void onError(Throwable failure, WebSocketConnection connection) {
        if (connection.isClosed()) {
            LOG.debugf("Feed socket %s: %s after close", connection.id(), failure);
            return;
        }
        CloseCode code = SocketFailures.closeCodeFor(failure);
        if (code == CloseCode.MESSAGE_TOO_BIG) {
            LOG.debugf("Feed socket %s sent an oversized message", connection.id());
        } else {
            LOG.warnf("Feed socket %s failed: %s", connection.id(), failure.toString());
        }
        connection.close(code.closeReason()).subscribe().with(x -> { }, x -> { });
    }

    private final class Sink implements FeedSink, TelemetrySink {
        private final WebSocketConnection connection;
        private final OrderedSender sender;

        Sink(WebSocketConnection connection) {
            this.connection = connection;
            this.sender = new OrderedSender(connection);
        }

        @Override
        public Uni<Void> send(ChangeEvent event) {
            return sender.send(event.toJson()); // built once per event (on read), without Jackson
        }

        @Override
        public Uni<Void> sendTelemetry(TelemetrySnapshot snapshot) {
            return sender.send(write(new TelemetryFrame("TelemetryUpdated", connection.pathParam("ownerId"),
                    snapshot.vehicleId(), snapshot)));
        }

        @Override
        public Uni<Void> resync(long seq) {
            return sender.send(write(Map.of("type", "Resync", "seq", seq,
                    "ownerId", connection.pathParam("ownerId"))));
        }

        @Override
        public void stop(Stop reason) {
            CloseCode close = reason == Stop.TOO_SLOW ? CloseCode.TOO_SLOW : CloseCode.UNAVAILABLE;
            connection.close(close.closeReason()).subscribe().with(x -> { }, x -> { });
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
