package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SignalR JSON hub protocol (versions 1 and 2) as text records: framing, the handshake (JSON for every protocol)
 * and message writers. The MessagePack protocol is a translation of these records ({@link HubMessagePack}).
 */
@ApplicationScoped
public class HubProtocol {

    static final char RECORD_SEPARATOR = '\u001e';
    static final String JSON = "json";

    static final int INVOCATION = 1;
    static final int STREAM_ITEM = 2;
    static final int COMPLETION = 3;
    static final int STREAM_INVOCATION = 4;
    static final int CANCEL_INVOCATION = 5;
    static final int PING = 6;
    static final int CLOSE = 7;
    static final int ACK = 8;
    static final int SEQUENCE = 9;

    static final String HANDSHAKE_OK = "{}" + RECORD_SEPARATOR;
    static final String PING_RECORD = "{\"type\":6}" + RECORD_SEPARATOR;

    /** A protocol violation; its message is written to the client, so it never carries server details. */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectMapper json;
    private final HubMessagePack messagePack;

    HubProtocol(ObjectMapper json) {
        this.json = json;
        this.messagePack = new HubMessagePack(json);
    }

    /** The MessagePack translation of these records (pure: one for every session). */
    HubMessagePack messagePack() {
        return messagePack;
    }

    /** The records of one text message; every record, the last one too, must end with the separator. */
    static List<String> records(String message) throws ProtocolException {
        if (message.isEmpty() || message.charAt(message.length() - 1) != RECORD_SEPARATOR) {
            throw new ProtocolException("Incomplete message: every record must end with the record separator 0x1E.");
        }
        List<String> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < message.length(); i++) {
            if (message.charAt(i) == RECORD_SEPARATOR) {
                records.add(message.substring(start, i));
                start = i + 1;
            }
        }
        return records;
    }

    /** A binary message as text: it must hold UTF-8 JSON records, exactly like a text message. */
    static String utf8(byte[] message) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("Invalid message: not valid UTF-8.");
        }
    }

    /** Reads one record as a JSON object. */
    ObjectNode parse(String record) throws ProtocolException {
        JsonNode node;
        try {
            node = json.readTree(record);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input and names parser internals: never echo it.
            throw new ProtocolException("Invalid message: not valid JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProtocolException("Invalid message: a record must be a JSON object.");
        }
        return object;
    }

    /**
     * Checks a handshake request; returns the error to answer with, or null when it asks for version 1 or 2 of
     * "json", or of "messagepack" when {@code messagePack} (enabled, and the transport carries binary data).
     */
    String handshakeError(String record, boolean messagePack) {
        ObjectNode request;
        try {
            request = parse(record);
        } catch (ProtocolException e) {
            return "Invalid handshake request: not a JSON object.";
        }
        JsonNode protocol = request.get("protocol");
        if (protocol == null || !protocol.isTextual()) {
            return "Handshake request is missing required property 'protocol'.";
        }
        JsonNode version = request.get("version");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            return "Handshake request is missing required property 'version'.";
        }
        String name = protocol.asText();
        if (!JSON.equals(name) && !(HubMessagePack.NAME.equals(name) && messagePack)) {
            return "The protocol '" + shorten(name) + "' is not supported.";
        }
        // Version 2 adds stateful reconnect's Ack and Sequence records; clients send it only when negotiate granted that.
        if (version.asInt() != 1 && version.asInt() != 2) {
            return "The server does not support version " + version.asInt() + " of the '" + name + "' protocol.";
        }
        return null;
    }

    /** The version of a valid handshake request (see {@link #handshakeError}). */
    int handshakeVersion(String record) {
        try {
            return parse(record).get("version").asInt();
        } catch (ProtocolException e) {
            return 1;
        }
    }

    /** The protocol name of a valid handshake request: {@value #JSON} or {@value HubMessagePack#NAME}. */
    String handshakeProtocol(String record) {
        try {
            return parse(record).path("protocol").asText(JSON);
        } catch (ProtocolException e) {
            return JSON;
        }
    }

    String handshakeResponse(String error) {
        return write(json.createObjectNode().put("error", error));
    }

    /** A server-to-client invocation; it has no invocationId: the hub never waits for a client result. */
    String invocation(String target, ArrayNode arguments) {
        ObjectNode message = json.createObjectNode().put("type", INVOCATION).put("target", target);
        message.set("arguments", arguments);
        return write(message);
    }

    String completion(String invocationId, JsonNode result) {
        ObjectNode message = json.createObjectNode().put("type", COMPLETION).put("invocationId", invocationId);
        if (result != null) {
            message.set("result", result);
        }
        return write(message);
    }

    String completionError(String invocationId, String error) {
        return write(json.createObjectNode().put("type", COMPLETION).put("invocationId", invocationId).put("error", error));
    }

    String close(String error, boolean allowReconnect) {
        ObjectNode message = json.createObjectNode().put("type", CLOSE);
        if (error != null) {
            message.put("error", error);
        }
        return write(message.put("allowReconnect", allowReconnect));
    }

    /** Stateful reconnect's Sequence record: the id of the next (here: the first replayed) trackable record. */
    String sequence(long sequenceId) {
        return write(json.createObjectNode().put("type", SEQUENCE).put("sequenceId", sequenceId));
    }

    /** Stateful reconnect's Ack record: every trackable record of the client up to {@code sequenceId} is handled. */
    String ack(long sequenceId) {
        return write(json.createObjectNode().put("type", ACK).put("sequenceId", sequenceId));
    }

    /** The records that carry a sequence id under stateful reconnect (the hub protocol's "trackable" ones). */
    static boolean trackable(int type) {
        return type == INVOCATION || type == STREAM_ITEM || type == COMPLETION || type == STREAM_INVOCATION
                || type == CANCEL_INVOCATION;
    }

    /** The required {@code sequenceId} of an Ack or Sequence record. */
    static long sequenceId(ObjectNode message) throws ProtocolException {
        JsonNode id = message.get("sequenceId");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
            throw new ProtocolException("Invalid message: missing required property 'sequenceId'.");
        }
        return id.asLong();
    }

    ObjectMapper json() {
        return json;
    }

    /** Client input echoed in an error is cut short, so that a huge name is not written back. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private String write(JsonNode message) {
        try {
            return json.writeValueAsString(message) + RECORD_SEPARATOR;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a hub message", e);
        }
    }
}
