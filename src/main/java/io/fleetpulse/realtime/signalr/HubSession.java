package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.realtime.ChangeFeed;
import io.fleetpulse.realtime.FeedSink;
import io.fleetpulse.realtime.FeedSubscription;
import io.fleetpulse.realtime.OrderedSender;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.realtime.TelemetrySink;
import io.fleetpulse.realtime.TelemetrySubscription;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** One hub connection: handshake, records, hub methods, and one change-feed subscription per joined owner group. */
final class HubSession {

    /** The application beans a session works with. */
    record Dependencies(ChangeFeed feed, TelemetryFeed telemetry, OwnerAccess access,
            HubProtocol protocol, HubConfig config, Vertx vertx) {
    }

    static final String JOIN = "JoinFleetGroup";
    static final String LEAVE = "LeaveFleetGroup";
    static final String RESYNC = "Resync";
    static final String TELEMETRY_UPDATED = "TelemetryUpdated";

    private static final Logger LOG = Logger.getLogger(HubSession.class);
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    private static final int MESSAGE_TOO_BIG = 1009;

    /** What a hub method answers: a result, or an error for the client. */
    private record Result(JsonNode value, String error) {
        static Result ok(JsonNode value) {
            return new Result(value, null);
        }

        static Result error(String error) {
            return new Result(null, error);
        }
    }

    private final WebSocketConnection connection;
    private final OrderedSender sender;
    private final SecurityIdentity identity;
    private final Dependencies deps;
    private final HubProtocol protocol;
    // Guarded by "this": a join completing after the socket closed must not leave a subscription behind.
    private final Map<String, Group> groups = new HashMap<>();

    /** One joined owner group: its ordered change feed and its conflated telemetry. */
    private record Group(FeedSubscription feed, TelemetrySubscription telemetry) {
        long position() {
            return feed.position();
        }

        void close() {
            feed.close();
            telemetry.close();
        }
    }
    private boolean disposed;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean handshaken;
    private volatile long handshakeTimer = -1;
    private volatile long pingTimer = -1;
    private volatile long expiryTimer = -1;

    HubSession(WebSocketConnection connection, SecurityIdentity identity, Dependencies deps) {
        this.connection = connection;
        this.sender = new OrderedSender(connection);
        this.identity = identity;
        this.deps = deps;
        this.protocol = deps.protocol();
    }

    void start() {
        long timeout = deps.config().handshakeTimeout().toMillis();
        handshakeTimer = deps.vertx().setTimer(timeout, id -> {
            if (!handshaken) {
                closeWithError("Handshake was not received within " + timeout / 1000 + " seconds.", false);
            }
        });
        expiryTimer = RealtimeUpgradeCheck.closeOnExpiry(deps.vertx(), connection, () -> closeWithError("token expired", true));
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
            return onMessage(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message)).toString());
        } catch (CharacterCodingException e) {
            closeWithError("Invalid message: not valid UTF-8.", false);
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
                MESSAGE_TOO_BIG);
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
                case HubProtocol.INVOCATION -> invoke(message, false);
                case HubProtocol.STREAM_INVOCATION -> invoke(message, true);
                case HubProtocol.CLOSE -> {
                    closing.set(true);
                    yield connection.close().onFailure().recoverWithNull();
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

    private Uni<Void> invoke(ObjectNode message, boolean streaming) throws ProtocolException {
        JsonNode id = message.get("invocationId");
        if (id != null && !id.isNull() && !id.isTextual()) {
            throw new ProtocolException("Invalid message: 'invocationId' must be a string.");
        }
        String invocationId = id == null || id.isNull() ? null : id.asText();
        JsonNode target = message.get("target");
        if (target == null || !target.isTextual()) {
            throw new ProtocolException("Invalid message: missing required property 'target'.");
        }
        JsonNode arguments = message.get("arguments");
        if (arguments == null || !arguments.isArray()) {
            throw new ProtocolException("Invalid message: missing required property 'arguments'.");
        }
        String name = target.asText();
        String method = canonical(name);
        JsonNode streamIds = message.get("streamIds");
        Uni<Result> result;
        if (method == null) {
            result = item(Result.error("Unknown hub method '" + HubProtocol.shorten(name) + "'"));
        } else if (streaming) {
            result = item(Result.error("The client attempted to invoke the non-streaming '" + method
                    + "' method with a streaming invocation."));
        } else if (streamIds != null && streamIds.size() > 0) {
            result = item(Result.error("Client-to-server streaming is not supported: '" + method + "' takes no streams."));
        } else if (method.equals(JOIN)) {
            result = join((ArrayNode) arguments);
        } else {
            result = item(leave((ArrayNode) arguments));
        }
        return result
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf(failure, "Hub method %s failed", method);
                    return Result.error("An unexpected error occurred invoking '" + method + "' on the server.");
                })
                .chain(outcome -> {
                    if (invocationId == null) {
                        return done(); // a non-blocking invocation: the client expects no completion, even on error
                    }
                    return send(outcome.error() != null ? protocol.completionError(invocationId, outcome.error())
                            : protocol.completion(invocationId, outcome.value()));
                });
    }

    /** Hub method names are case-insensitive, as in ASP.NET Core. */
    private static String canonical(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "joinfleetgroup" -> JOIN;
            case "leavefleetgroup" -> LEAVE;
            default -> null;
        };
    }

    /** JoinFleetGroup(ownerId[, sinceSeq]): follows the owner's changes from now, or replays those after sinceSeq. */
    private Uni<Result> join(ArrayNode arguments) {
        if (arguments.size() < 1 || arguments.size() > 2) {
            return item(Result.error("Failed to invoke '" + JOIN + "': it takes (ownerId[, sinceSeq]) but was given "
                    + arguments.size() + " argument(s)."));
        }
        if (!arguments.get(0).isTextual()) {
            return item(Result.error("Failed to invoke '" + JOIN + "': ownerId must be a string."));
        }
        String ownerId = arguments.get(0).asText();
        Long since = null;
        if (arguments.size() == 2 && !arguments.get(1).isNull()) {
            JsonNode seq = arguments.get(1);
            if (seq.isIntegralNumber() && seq.canConvertToLong() && seq.asLong() >= 0) {
                since = seq.asLong();
            } else if (seq.isTextual() && SEQ.matcher(seq.asText()).matches()) {
                since = Long.parseLong(seq.asText());
            } else {
                return item(Result.error("Failed to invoke '" + JOIN + "': sinceSeq must be a non-negative integer or null."));
            }
        }
        if (deps.access().decide(identity, ownerId) != OwnerAccess.Decision.ALLOWED) {
            return item(Result.error("Not allowed to join the fleet group of owner '" + HubProtocol.shorten(ownerId) + "'."));
        }
        if (!OwnerAccess.isValidOwnerId(ownerId)) {
            return item(Result.error("Failed to invoke '" + JOIN + "': ownerId must be 1-64 characters of A-Z, a-z, 0-9, _ and -."));
        }
        synchronized (this) {
            Group joined = groups.get(ownerId);
            if (joined != null) {
                return item(Result.ok(joinResult(ownerId, joined.position())));
            }
            if (groups.size() >= deps.config().maxGroups()) {
                return item(Result.error("This connection has joined the maximum of " + deps.config().maxGroups() + " groups."));
            }
        }
        // Without sinceSeq, the start is read before answering: every change committed after the completion
        // is then delivered, which a client that writes right after invoke() resolves relies on.
        Uni<Long> start = since != null ? item(since) : deps.feed().currentSeq(ownerId);
        return start.map(from -> {
            synchronized (this) {
                if (disposed) {
                    return Result.error("The connection is closing.");
                }
                Group joined = groups.get(ownerId);
                if (joined == null) {
                    GroupSink sink = new GroupSink(ownerId);
                    groups.put(ownerId, new Group(deps.feed().open(ownerId, from, sink),
                            deps.telemetry().open(ownerId, sink)));
                }
                return Result.ok(joinResult(ownerId, joined == null ? from : joined.position()));
            }
        });
    }

    /** LeaveFleetGroup(ownerId): stops the owner's events on this connection; leaving a group not joined is fine. */
    private Result leave(ArrayNode arguments) {
        if (arguments.size() != 1 || !arguments.get(0).isTextual()) {
            return Result.error("Failed to invoke '" + LEAVE + "': it takes (ownerId).");
        }
        Group subscription;
        synchronized (this) {
            subscription = groups.remove(arguments.get(0).asText());
        }
        if (subscription != null) {
            subscription.close();
        }
        return Result.ok(null);
    }

    private JsonNode joinResult(String ownerId, long seq) {
        return protocol.json().createObjectNode().put("ownerId", ownerId).put("seq", seq);
    }

    /** Sends a Close record (or a handshake error before the handshake) and closes the socket. */
    void closeWithError(String error, boolean allowReconnect) {
        closeWithError(error, allowReconnect, CloseReason.NORMAL.getCode());
    }

    void closeWithError(String error, boolean allowReconnect, int code) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        String record = handshaken ? protocol.close(error, allowReconnect) : protocol.handshakeResponse(error);
        write(record).onFailure().recoverWithNull()
                .chain(() -> connection.close(new CloseReason(code)))
                .subscribe().with(x -> { }, x -> { });
    }

    /** The socket has closed: stops timers and every group's feed. */
    void dispose() {
        closing.set(true);
        List<Group> subscriptions;
        synchronized (this) {
            disposed = true;
            subscriptions = List.copyOf(groups.values());
            groups.clear();
        }
        subscriptions.forEach(Group::close);
        for (long timer : new long[] {handshakeTimer, pingTimer, expiryTimer}) {
            if (timer >= 0) {
                deps.vertx().cancelTimer(timer);
            }
        }
    }

    private Uni<Void> send(String text) {
        return write(text).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> write(String text) {
        return sender.send(text);
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }

    private static <T> Uni<T> item(T value) {
        return Uni.createFrom().item(value);
    }

    /**
     * Writes one owner group's feed as hub invocations: {@code Target(data, {seq, at, ownerId})}, and its
     * telemetry as {@code TelemetryUpdated(snapshot, {ownerId, vehicleId})} (state: no seq).
     */
    private final class GroupSink implements FeedSink, TelemetrySink {
        private final String ownerId;

        GroupSink(String ownerId) {
            this.ownerId = ownerId;
        }

        @Override
        public Uni<Void> send(ChangeEvent event) {
            // Failures propagate: the subscription then closes, as it must when the socket is gone.
            try {
                return write(protocol.invocation(event.type(), arguments(event)));
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }

        @Override
        public Uni<Void> sendTelemetry(TelemetrySnapshot snapshot) {
            try {
                ArrayNode arguments = protocol.json().createArrayNode();
                arguments.add(protocol.json().valueToTree(snapshot));
                arguments.addObject().put("ownerId", ownerId).put("vehicleId", snapshot.vehicleId().toString());
                return write(protocol.invocation(TELEMETRY_UPDATED, arguments));
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }

        @Override
        public Uni<Void> resync(long seq) {
            ArrayNode arguments = protocol.json().createArrayNode();
            arguments.addObject().put("seq", seq).put("ownerId", ownerId);
            return write(protocol.invocation(RESYNC, arguments));
        }

        @Override
        public void stop(Stop reason) {
            synchronized (HubSession.this) {
                groups.remove(ownerId);
            }
            closeWithError(reason == Stop.TOO_SLOW
                    ? "Too slow: the connection fell too far behind; reconnect and rejoin with sinceSeq."
                    : "The change feed is temporarily unavailable; reconnect and rejoin with sinceSeq.", true);
        }

        private ArrayNode arguments(ChangeEvent event) {
            ArrayNode arguments = protocol.json().createArrayNode();
            ObjectNode meta = protocol.json().createObjectNode()
                    .put("seq", event.seq()).put("at", event.at().toString()).put("ownerId", event.ownerId());
            if (ChangeEvent.FLEET_DELETED.equals(event.type()) || ChangeEvent.VEHICLE_DELETED.equals(event.type())) {
                // Deletes carry the id alone, as the dashboard's removeFleet(fleetId) expects.
                JsonNode deleted = readTree(event.data());
                arguments.add(deleted.path("id").asText());
                if (deleted.hasNonNull("fleetId")) {
                    meta.put("fleetId", deleted.get("fleetId").asText());
                }
            } else {
                arguments.addRawValue(new RawValue(event.data()));
            }
            arguments.add(meta);
            return arguments;
        }

        private JsonNode readTree(String data) {
            try {
                return protocol.json().readTree(data);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Unreadable change event data", e);
            }
        }
    }
}
