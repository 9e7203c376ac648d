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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The lifecycle of one hub connection over any transport: handshake, timers (handshake, ping, token expiry),
 * incoming records, and the close. Methods are bound by {@link HubMethods}, events encoded by {@link HubEvents},
 * the joined groups kept by {@link HubGroups}. With stateful reconnect it numbers what it sends and drops what
 * the client resends ({@link HubMessageBuffer}), and can be sealed into a {@link HubConnectionState} that a
 * session on the client's next socket continues from.
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
    /** Stateful reconnect's sequence state; null on a connection without it (set by the handshake or a resume). */
    private volatile HubMessageBuffer buffer;
    /** Negotiated with stateful reconnect: the handshake turns it on when the client asks for protocol version 2. */
    private final boolean stateful;
    /** The state this session continues (a reconnect), or null for a new connection. */
    private final HubConnectionState resumed;
    /** The MessagePack translation of every record after the handshake, or null for the JSON protocol. */
    private volatile HubMessagePack messagePack;

    HubSession(HubTransport transport, SecurityIdentity identity, Dependencies deps) {
        this(transport, identity, deps, false, null);
    }

    /**
     * A session that numbers its records for stateful reconnect when {@code stateful}, continuing
     * {@code resumed} (the client's previous socket) when that is not null.
     */
    HubSession(HubTransport transport, SecurityIdentity identity, Dependencies deps, boolean stateful,
            HubConnectionState resumed) {
        this.transport = transport;
        this.identity = identity;
        this.deps = deps;
        this.protocol = deps.protocol();
        this.methods = new HubMethods(deps.access());
        this.resumed = resumed != null && resumed.handshaken() ? resumed : null;
        this.stateful = stateful;
        if (stateful && this.resumed != null) {
            this.buffer = new HubMessageBuffer(deps.config().statefulReconnect().bufferSize(), this.resumed.buffer());
            if (this.resumed.messagePack()) {
                this.messagePack = protocol.messagePack();
            }
        }
        this.groups = new HubGroups(deps.feed(), deps.telemetry(), new HubEvents(protocol), this::sendTracked, this::stopped);
    }

    void start() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            long delay = Math.max(1, jwt.getExpirationTime() * 1000 - System.currentTimeMillis());
            expiryTimer = deps.vertx().setTimer(delay, id -> closeWithError("token expired", true));
        }
        if (resumed != null) {
            resume();
            return;
        }
        long timeout = deps.config().handshakeTimeout().toMillis();
        handshakeTimer = deps.vertx().setTimer(timeout, id -> {
            if (!handshaken) {
                closeWithError("Handshake was not received within " + timeout / 1000 + " seconds.", false);
            }
        });
    }

    /**
     * The client's socket came back (no new handshake): Sequence with the first record it may have missed, those
     * records again (it drops the ones it had), then every group's feed continues from the change log after the
     * last seq written, which is how nothing committed while the client was away is lost.
     */
    private void resume() {
        handshaken = true;
        startPings();
        send(protocol.sequence(buffer.replayFrom())).subscribe().with(x -> { }, x -> { });
        for (HubMessageBuffer.Buffered record : buffer.replay()) {
            emit(record.record()).subscribe().with(x -> { }, x -> { });
        }
        resumed.groups().forEach((ownerId, seq) -> {
            // Access is decided again with the new socket's token: it may have lost an owner since.
            if (methods.joinRefusal(identity, ownerId) == null) {
                groups.join(ownerId, seq);
            }
        });
    }

    /** Whether this connection numbers its records for stateful reconnect. */
    boolean stateful() {
        return buffer != null;
    }

    /** Whether the connection is ending on purpose (a Close record either way, an error): no reconnect then. */
    boolean closing() {
        return closing.get();
    }

    /**
     * The socket is gone without a Close record: ends the groups and answers the state a session on the client's
     * next socket continues from, or null when it cannot (not stateful, closing, or records past the buffer
     * limit were never kept).
     */
    HubConnectionState seal(String user, String connectionId) {
        if (buffer == null || !handshaken || !closing.compareAndSet(false, true)) {
            dispose();
            return null;
        }
        HubConnectionState state = groups.seal(written -> buffer.resumable()
                ? new HubConnectionState(user, connectionId, true, handshaken, buffer.state(), Map.copyOf(written),
                        messagePack != null ? HubMessagePack.NAME : HubProtocol.JSON) : null);
        dispose();
        return state;
    }

    /**
     * A binary message: MessagePack frames after a MessagePack handshake, otherwise UTF-8 JSON records exactly
     * like a text message. The handshake itself is always JSON, and may share a message with what follows it.
     */
    Uni<Void> onMessage(byte[] message) {
        if (closing.get()) {
            return done();
        }
        if (message.length > deps.config().maxMessageSize()) {
            return tooLarge();
        }
        try {
            if (!handshaken) {
                int end = indexOf(message, (byte) HubProtocol.RECORD_SEPARATOR);
                if (end < 0) {
                    throw new ProtocolException("Incomplete message: every record must end with the record separator 0x1E.");
                }
                Uni<Void> shaken = handshake(HubProtocol.utf8(Arrays.copyOf(message, end)));
                if (end == message.length - 1) {
                    return shaken;
                }
                byte[] rest = Arrays.copyOfRange(message, end + 1, message.length);
                return shaken.chain(() -> closing.get() ? done() : onMessage(rest));
            }
            if (messagePack != null) {
                return handleAll(messagePack.decode(message));
            }
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
        if (messagePack != null) {
            return onMessage(message.getBytes(StandardCharsets.UTF_8)); // MessagePack in a text frame: the same bytes
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
        if (!handshaken) {
            // The handshake decides how the rest of the message is read (a MessagePack handshake: as bytes).
            Uni<Void> shaken = handshake(records.get(0));
            int end = message.indexOf(HubProtocol.RECORD_SEPARATOR);
            return end == message.length() - 1 ? shaken
                    : shaken.chain(() -> closing.get() ? done() : onMessage(message.substring(end + 1)));
        }
        List<ObjectNode> messages = new ArrayList<>(records.size());
        try {
            for (String record : records) {
                messages.add(protocol.parse(record));
            }
        } catch (ProtocolException e) {
            closeWithError(e.getMessage(), false);
            return done();
        }
        return handleAll(messages);
    }

    /**
     * One message after the other, each after the previous one's work: a concatenating stream, not a chain of
     * thousands of nested Unis (whose subscription overflowed the stack at ~3,500 pings).
     */
    private Uni<Void> handleAll(List<ObjectNode> messages) {
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(message -> closing.get() ? done() : handle(message))
                .collect().last().replaceWithVoid();
    }

    private static int indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private Uni<Void> tooLarge() {
        closeWithError("Message exceeds the maximum size of " + deps.config().maxMessageSize() + " bytes.", false,
                CloseCode.MESSAGE_TOO_BIG.code());
        return done();
    }

    private Uni<Void> handle(ObjectNode message) {
        try {
            JsonNode type = message.get("type");
            if (type == null || !type.isInt()) {
                throw new ProtocolException("Invalid message: missing required property 'type'.");
            }
            if (buffer != null && HubProtocol.trackable(type.asInt()) && buffer.received() == HubMessageBuffer.Inbound.DUPLICATE) {
                return done(); // resent after a reconnect, already handled
            }
            return switch (type.asInt()) {
                case HubProtocol.INVOCATION -> acknowledged(invoke(HubMethods.bind(message, false)));
                case HubProtocol.STREAM_INVOCATION -> acknowledged(invoke(HubMethods.bind(message, true)));
                case HubProtocol.ACK -> {
                    if (buffer != null && !buffer.ack(HubProtocol.sequenceId(message))) {
                        throw new ProtocolException("Invalid message: Ack of a sequence id that was never sent.");
                    }
                    yield done();
                }
                case HubProtocol.SEQUENCE -> {
                    if (buffer != null && !buffer.clientSequence(HubProtocol.sequenceId(message))) {
                        throw new ProtocolException("Invalid message: Sequence beyond the messages received.");
                    }
                    yield done();
                }
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
        boolean messagePackEnabled = deps.config().messagePack().enabled();
        boolean asksMessagePack = HubMessagePack.NAME.equals(protocol.handshakeProtocol(record));
        String error = protocol.handshakeError(record, messagePackEnabled && transport.binary());
        if (error != null && messagePackEnabled && asksMessagePack) {
            error = "The protocol 'messagepack' needs binary data, which the ServerSentEvents transport cannot carry.";
        }
        if (error != null) {
            closeWithError(error, false);
            return done();
        }
        if (stateful && protocol.handshakeVersion(record) >= 2) {
            buffer = new HubMessageBuffer(deps.config().statefulReconnect().bufferSize());
        }
        // The handshake answer is JSON text whatever the protocol; everything after it is in the chosen one.
        Uni<Void> answered = transport.send(HubProtocol.HANDSHAKE_OK).onFailure().recoverWithNull().replaceWithVoid();
        if (asksMessagePack) {
            messagePack = protocol.messagePack();
        }
        handshaken = true;
        deps.vertx().cancelTimer(handshakeTimer);
        startPings();
        return answered;
    }

    private void startPings() {
        pingTimer = deps.vertx().setPeriodic(deps.config().pingInterval().toMillis(), id -> send(HubProtocol.PING_RECORD)
                .subscribe().with(x -> { }, x -> { }));
    }

    /** Stateful reconnect: once an invocation is handled, the client may drop it from its own buffer. */
    private Uni<Void> acknowledged(Uni<Void> handled) {
        return buffer == null ? handled : handled.chain(() -> send(protocol.ack(buffer.inboundLatest())));
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
                    return sendTracked(outcome.error() != null ? protocol.completionError(invocationId, outcome.error())
                            : protocol.completion(invocationId, outcome.value())).onFailure().recoverWithNull();
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
        Uni<Void> sent = handshaken ? emit(protocol.close(error, allowReconnect)) : transport.send(protocol.handshakeResponse(error));
        sent.onFailure().recoverWithNull()
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
        return emit(text).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Records after the handshake, in the protocol it chose (the session builds every record as JSON). */
    private Uni<Void> emit(String records) {
        HubMessagePack binary = messagePack;
        return binary == null ? transport.send(records) : transport.sendBinary(binary.fromJsonRecords(records));
    }

    /**
     * Invocations and completions: numbered (stateful reconnect) and written under the groups' lock, so that a
     * seal sees every record written before it and none after.
     */
    private Uni<Void> sendTracked(String record) {
        if (buffer == null) {
            return emit(record);
        }
        synchronized (groups) {
            if (groups.disposed()) {
                return Uni.createFrom().failure(new IllegalStateException("The connection has closed"));
            }
            buffer.sent(record);
            return emit(record);
        }
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    private static <T> Uni<T> item(T value) {
        return Uni.createFrom().item(value);
    }
}
