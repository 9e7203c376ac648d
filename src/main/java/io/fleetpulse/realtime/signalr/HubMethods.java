package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import io.fleetpulse.security.OwnerAccess;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hub's methods as the client may call them: binds an Invocation record to {@code JoinFleetGroup(ownerId[,
 * sinceSeq])} or {@code LeaveFleetGroup(ownerId)} with their arguments checked, and authorizes a join (the one
 * place where JoinFleetGroup's access is decided). Pure apart from {@link OwnerAccess}: no I/O, no state.
 */
final class HubMethods {

    static final String JOIN = "JoinFleetGroup";
    static final String LEAVE = "LeaveFleetGroup";

    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    /** A bound hub method call; {@code invocationId} is null for a non-blocking invocation. */
    sealed interface Call permits Join, Leave, Refused {
        String invocationId();
    }

    /** JoinFleetGroup: follow the owner's changes from now ({@code since} null) or after {@code since}. */
    record Join(String invocationId, String ownerId, Long since) implements Call {
    }

    /** LeaveFleetGroup: stop the owner's events on this connection. */
    record Leave(String invocationId, String ownerId) implements Call {
    }

    /** A call the hub answers with an error completion (unknown method, bad arguments). */
    record Refused(String invocationId, String method, String error) implements Call {
    }

    /** What a hub method answers: a result, or an error for the client. */
    record Result(JsonNode value, String error) {
        static Result ok(JsonNode value) {
            return new Result(value, null);
        }

        static Result error(String error) {
            return new Result(null, error);
        }
    }

    private final OwnerAccess access;

    HubMethods(OwnerAccess access) {
        this.access = access;
    }

    /**
     * Binds an Invocation (or StreamInvocation) record; a record that is not a valid invocation at all is a
     * protocol violation (the connection closes), a valid one for a method the hub cannot run is refused.
     */
    static Call bind(ObjectNode message, boolean streaming) throws ProtocolException {
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
        if (method == null) {
            return new Refused(invocationId, name, "Unknown hub method '" + HubProtocol.shorten(name) + "'");
        }
        if (streaming) {
            return new Refused(invocationId, method, "The client attempted to invoke the non-streaming '" + method
                    + "' method with a streaming invocation.");
        }
        if (streamIds != null && streamIds.size() > 0) {
            return new Refused(invocationId, method,
                    "Client-to-server streaming is not supported: '" + method + "' takes no streams.");
        }
        return method.equals(JOIN) ? join(invocationId, (ArrayNode) arguments) : leave(invocationId, (ArrayNode) arguments);
    }

    /** The error that refuses {@code identity} joining the owner's group, or null when it may join. */
    String joinRefusal(SecurityIdentity identity, String ownerId) {
        if (access.decide(identity, ownerId) != OwnerAccess.Decision.ALLOWED) {
            return "Not allowed to join the fleet group of owner '" + HubProtocol.shorten(ownerId) + "'.";
        }
        if (!OwnerAccess.isValidOwnerId(ownerId)) {
            return "Failed to invoke '" + JOIN + "': ownerId must be 1-64 characters of A-Z, a-z, 0-9, _ and -.";
        }
        return null;
    }

    /** Hub method names are case-insensitive, as in ASP.NET Core. */
    static String canonical(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "joinfleetgroup" -> JOIN;
            case "leavefleetgroup" -> LEAVE;
            default -> null;
        };
    }

    private static Call join(String invocationId, ArrayNode arguments) {
        if (arguments.size() < 1 || arguments.size() > 2) {
            return new Refused(invocationId, JOIN, "Failed to invoke '" + JOIN + "': it takes (ownerId[, sinceSeq]) but was given "
                    + arguments.size() + " argument(s).");
        }
        if (!arguments.get(0).isTextual()) {
            return new Refused(invocationId, JOIN, "Failed to invoke '" + JOIN + "': ownerId must be a string.");
        }
        Long since = null;
        if (arguments.size() == 2 && !arguments.get(1).isNull()) {
            JsonNode seq = arguments.get(1);
            if (seq.isIntegralNumber() && seq.canConvertToLong() && seq.asLong() >= 0) {
                since = seq.asLong();
            } else if (seq.isTextual() && SEQ.matcher(seq.asText()).matches()) {
                since = Long.parseLong(seq.asText());
            } else {
                return new Refused(invocationId, JOIN,
                        "Failed to invoke '" + JOIN + "': sinceSeq must be a non-negative integer or null.");
            }
        }
        return new Join(invocationId, arguments.get(0).asText(), since);
    }

    private static Call leave(String invocationId, ArrayNode arguments) {
        if (arguments.size() != 1 || !arguments.get(0).isTextual()) {
            return new Refused(invocationId, LEAVE, "Failed to invoke '" + LEAVE + "': it takes (ownerId).");
        }
        return new Leave(invocationId, arguments.get(0).asText());
    }
}
