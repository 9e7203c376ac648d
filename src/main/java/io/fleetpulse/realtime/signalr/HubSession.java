package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetpulse.realtime.ChangeFeed;
import io.fleetpulse.realtime.CloseCode;
import io.fleetpulse.realtime.FeedSink;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import io.fleetpulse.security.OwnerAccess;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The lifecycle of one hub connection over any transport: handshake, timers (handshake, ping, token expiry),
 * incoming records, and the close. Methods are bound by {@link HubMethods}, events encoded by {@link HubEvents},
 * the joined groups kept by {@link HubGroups}.
 */
final class HubSession {

    /** The application beans a session works with. */
    record Dependencies(ChangeFeed feed, TelemetryFeed telemetry, OwnerAccess access,
            HubProtocol protocol, HubConfig config, Vertx vertx) {
    }

    private static final Logger LOG = Logger.getLogger(HubSession.class);

    private final HubTransport transport;
    private final SecurityIdentity identity;
    private final Dependencies deps;
    private final HubProtocol protocol;
    private final HubMethods methods;
    private final HubGroups groups;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean handshaken;
    private volatile long handshakeTimer = -1;
    private volatile long pingTimer = -1;
    private volatile long expiryTimer = -1;

    HubSession(HubTransport transport, SecurityIdentity identity, Dependencies deps) {
        this.transport = transport;
        this.identity = identity;
        this.deps = deps;
        this.protocol = deps.protocol();
        this.methods = new HubMethods(deps.access());
        this.groups = new HubGroups(deps.feed(), deps.telemetry(), new HubEvents(protocol), transport::send, this::stopped);
    }

    void start() {
        long timeout = deps.config().handshakeTimeout().toMillis();
        handshakeTimer = deps.vertx().setTimer(timeout, id -> {
            if (!handshaken) {
                closeWithError("Handshake was not received within " + timeout / 1000 + " seconds.", false);
            }
        });
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            long delay = Math.max(1, jwt.getExpirationTime() * 1000 - System.currentTimeMillis());
            expiryTimer = deps.vertx().setTimer(delay, id -> closeWithError("token expired", true));
        }
    }

    /** A binary message must hold UTF-8 JSON records, exactly like a text message. */
    Uni<Void> onMessage(byte[] message) {
        if (closing.get()) {
            return done();
        }
        if (message.length > deps.config().maxMessageSize()) {
            return tooLarge();
        }
        try {
            return onMessage(HubProtocol.utf8(message));
        } catch (ProtocolException e) {
            closeWithError(e.getMessage(), false);
            return done();
        }
    }

    Uni<Void> onMessage(String message) {
        if (closing.get()) {
            return done();
        }
        int max = deps.config().maxMessageSize();
        if (message.length() > max / 3 && message.getBytes(StandardCharsets.UTF_8).length > max) {
            return tooLarge();
        }
        List<String> records;
        try {
            records = HubProtocol.records(message);
        } catch (ProtocolException e) {
            closeWithError(e.getMessage(), false);
            return done();
        }
        // One record after the other, each after the previous one's work: a concatenating stream, not a
        // chain of thousands of nested Unis (whose subscription overflowed the stack at ~3,500 pings).
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> closing.get() ? done() : handle(record))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> tooLarge() {
        closeWithError("Message exceeds the maximum size of " + deps.config().maxMessageSize() + " bytes.", false,
                CloseCode.MESSAGE_TOO_BIG.code());
        return done();
    }

    private Uni<Void> handle(String record) {
        if (!handshaken) {
            return handshake(record);
        }
        try {
            ObjectNode message = protocol.parse(record);
            JsonNode type = message.get("type");
            if (type == null || !type.isInt()) {
                throw new ProtocolException("Invalid message: missing required property 'type'.");
            }
            return switch (type.asInt()) {
                case HubProtocol.INVOCATION -> invoke(HubMethods.bind(message, false));
                case HubProtocol.STREAM_INVOCATION -> invoke(HubMethods.bind(message, true));
                case HubProtocol.CLOSE -> {
                    closing.set(true);
                    yield transport.close(CloseReason.NORMAL.getCode()).onFailure().recoverWithNull();
                }
                // Ping needs no answer. Nothing on this hub waits for stream items, completions or
                // cancellations, and unknown types are ignored for forward compatibility, as ASP.NET does.
                default -> done();
            };
        } catch (ProtocolException e) {
            closeWithError(e.getMessage(), false);
            return done();
        }
    }

    private Uni<Void> handshake(String record) {
        String error = protocol.handshakeError(record);
        if (error != null) {
            closeWithError(error, false);
            return done();
        }
        handshaken = true;
        deps.vertx().cancelTimer(handshakeTimer);
        pingTimer = deps.vertx().setPeriodic(deps.config().pingInterval().toMillis(), id -> send(HubProtocol.PING_RECORD)
                .subscribe().with(x -> { }, x -> { }));
        return send(HubProtocol.HANDSHAKE_OK);
    }

    private Uni<Void> invoke(HubMethods.Call call) {
        Uni<HubMethods.Result> result;
        if (call instanceof HubMethods.Refused refused) {
            result = item(HubMethods.Result.error(refused.error()));
        } else if (call instanceof HubMethods.Join join) {
            result = join(join);
        } else {
            groups.leave(((HubMethods.Leave) call).ownerId());
            result = item(HubMethods.Result.ok(null));
        }
        String invocationId = call.invocationId();
        return result
                .onFailure().recoverWithItem(failure -> {
                    String method = call instanceof HubMethods.Join ? HubMethods.JOIN : HubMethods.LEAVE;
                    LOG.warnf(failure, "Hub method %s failed", method);
                    return HubMethods.Result.error("An unexpected error occurred invoking '" + method + "' on the server.");
                })
                .chain(outcome -> {
                    if (invocationId == null) {
                        return done(); // a non-blocking invocation: the client expects no completion, even on error
                    }
                    return send(outcome.error() != null ? protocol.completionError(invocationId, outcome.error())
                            : protocol.completion(invocationId, outcome.value()));
                });
    }

    /** JoinFleetGroup(ownerId[, sinceSeq]): follows the owner's changes from now, or replays those after sinceSeq. */
    private Uni<HubMethods.Result> join(HubMethods.Join join) {
        String ownerId = join.ownerId();
        String refusal = methods.joinRefusal(identity, ownerId);
        if (refusal != null) {
            return item(HubMethods.Result.error(refusal));
        }
        Long position = groups.position(ownerId);
        if (position != null) {
            return item(HubMethods.Result.ok(joinResult(ownerId, position)));
        }
        if (groups.size() >= deps.config().maxGroups()) {
            return item(HubMethods.Result.error("This connection has joined the maximum of " + deps.config().maxGroups() + " groups."));
        }
        // Without sinceSeq, the start is read before answering: every change committed after the completion
        // is then delivered, which a client that writes right after invoke() resolves relies on.
        Uni<Long> start = join.since() != null ? item(join.since()) : deps.feed().currentSeq(ownerId);
        return start.map(from -> {
            Long followed = groups.join(ownerId, from);
            return followed == null ? HubMethods.Result.error("The connection is closing.")
                    : HubMethods.Result.ok(joinResult(ownerId, followed));
        });
    }

    private JsonNode joinResult(String ownerId, long seq) {
        return protocol.json().createObjectNode().put("ownerId", ownerId).put("seq", seq);
    }

    private void stopped(FeedSink.Stop reason) {
        closeWithError(reason == FeedSink.Stop.TOO_SLOW
                ? "Too slow: the connection fell too far behind; reconnect and rejoin with sinceSeq."
                : "The change feed is temporarily unavailable; reconnect and rejoin with sinceSeq.", true);
    }

    /** Sends a Close record (or a handshake error before the handshake) and closes the connection. */
    void closeWithError(String error, boolean allowReconnect) {
        closeWithError(error, allowReconnect, CloseReason.NORMAL.getCode());
    }

    void closeWithError(String error, boolean allowReconnect, int code) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        String record = handshaken ? protocol.close(error, allowReconnect) : protocol.handshakeResponse(error);
        transport.send(record).onFailure().recoverWithNull()
                .chain(() -> transport.close(code))
                .subscribe().with(x -> { }, x -> { });
    }

    /** The connection has closed: stops timers and every group's feed. */
    void dispose() {
        closing.set(true);
        groups.dispose();
        for (long timer : new long[] {handshakeTimer, pingTimer, expiryTimer}) {
            if (timer >= 0) {
                deps.vertx().cancelTimer(timer);
            }
        }
    }

    private Uni<Void> send(String text) {
        return transport.send(text).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    private static <T> Uni<T> item(T value) {
        return Uni.createFrom().item(value);
    }
}
