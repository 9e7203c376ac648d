package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The SignalR MessagePack hub protocol: turns the JSON records a session writes into varint-framed MessagePack
 * arrays ({@code [type, headers, ...]} per the hub protocol specification) and reads the client's frames into the
 * same JSON message model the session handles. Pure: no I/O, no state.
 *
 * <p>Own code rather than msgpack-core: the hub protocol uses a small, fixed part of the format, and msgpack-core
 * picks its buffer class by reflection over {@code sun.misc.Unsafe} when it is first loaded, which the native image
 * would need configuration for.
 */
final class HubMessagePack {

    static final String NAME = "messagepack";

    /** Result kinds of a Completion message. */
    private static final int ERROR_RESULT = 1;
    private static final int VOID_RESULT = 2;
    private static final int NON_VOID_RESULT = 3;
    /** Nesting a client may send; deeper input is refused before it can exhaust the stack. */
    private static final int MAX_DEPTH = 32;

    private final ObjectMapper json;

    HubMessagePack(ObjectMapper json) {
        this.json = json;
    }

    /** The MessagePack frames of complete JSON records, as {@link HubProtocol} writes them, in the same order. */
    byte[] fromJsonRecords(String records) {
        Writer out = new Writer();
        int start = 0;
        for (int i = 0; i < records.length(); i++) {
            if (records.charAt(i) == HubProtocol.RECORD_SEPARATOR) {
                JsonNode message;
                try {
                    message = json.readTree(records.substring(start, i));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("The hub wrote a record that is not JSON", e);
                }
                frame(out, encode((ObjectNode) message));
                start = i + 1;
            }
        }
        return out.bytes();
    }

    /** One hub message (the JSON model) as a MessagePack message body, without its length prefix. */
    byte[] encode(ObjectNode message) {
        int type = message.path("type").asInt();
        Writer out = new Writer();
        switch (type) {
            case HubProtocol.INVOCATION, HubProtocol.STREAM_INVOCATION -> {
                boolean streams = message.has("streamIds");
                out.arrayHeader(streams ? 6 : 5);
                out.integer(type);
                headers(out, message);
                out.value(message.get("invocationId"));
                out.value(message.path("target"));
                out.value(message.has("arguments") ? message.get("arguments") : json.createArrayNode());
                if (streams) {
                    out.value(message.get("streamIds"));
                }
            }
            case HubProtocol.STREAM_ITEM -> {
                out.arrayHeader(4);
                out.integer(type);
                headers(out, message);
                out.value(message.get("invocationId"));
                out.value(message.get("item"));
            }
            case HubProtocol.COMPLETION -> {
                boolean error = message.has("error");
                boolean result = !error && message.has("result");
                out.arrayHeader(error || result ? 5 : 4);
                out.integer(type);
                headers(out, message);
                out.value(message.get("invocationId"));
                out.integer(error ? ERROR_RESULT : result ? NON_VOID_RESULT : VOID_RESULT);
                if (error) {
                    out.value(message.get("error"));
                } else if (result) {
                    out.value(message.get("result"));
                }
            }
            case HubProtocol.CANCEL_INVOCATION -> {
                out.arrayHeader(3);
                out.integer(type);
                headers(out, message);
                out.value(message.get("invocationId"));
            }
            case HubProtocol.PING -> {
                out.arrayHeader(1); // the specification: a Ping is always exactly 0x91 0x06
                out.integer(type);
            }
            case HubProtocol.CLOSE -> {
                boolean reconnect = message.has("allowReconnect");
                out.arrayHeader(reconnect ? 3 : 2);
                out.integer(type);
                out.value(message.get("error"));
                if (reconnect) {
                    out.value(message.get("allowReconnect"));
                }
            }
            case HubProtocol.ACK, HubProtocol.SEQUENCE -> {
                out.arrayHeader(2);
                out.integer(type);
                out.value(message.get("sequenceId"));
            }
            default -> throw new IllegalStateException("No MessagePack encoding for hub message type " + type);
        }
        return out.bytes();
    }

    /** The messages of one binary message from the client (length-prefixed frames), in the JSON message model. */
    List<ObjectNode> decode(byte[] data) throws ProtocolException {
        List<ObjectNode> messages = new ArrayList<>();
        int position = 0;
        while (position < data.length) {
            long length = 0;
            int shift = 0;
            int lengthBytes = 0;
            while (true) {
                if (position >= data.length) {
                    throw new ProtocolException("Incomplete message: a MessagePack frame's length prefix is cut short.");
                }
                int b = data[position++] & 0xff;
                length |= (long) (b & 0x7f) << shift;
                shift += 7;
                if (++lengthBytes > 5 || length > Integer.MAX_VALUE) {
                    throw new ProtocolException("Invalid message: a MessagePack frame's length prefix is too large.");
                }
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length > data.length - position) {
                throw new ProtocolException("Incomplete message: a MessagePack frame is shorter than its length prefix.");
            }
            int end = position + (int) length;
            Reader reader = new Reader(data, position, end);
            messages.add(message(reader.value(0)));
            if (reader.position != end) {
                throw new ProtocolException("Invalid message: bytes after the MessagePack message in its frame.");
            }
            position = end;
        }
        return messages;
    }

    /** A decoded {@code [type, ...]} array as the JSON message model; unknown types keep only their type. */
    private ObjectNode message(JsonNode value) throws ProtocolException {
        if (!value.isArray() || value.isEmpty() || !value.get(0).isIntegralNumber() || !value.get(0).canConvertToInt()) {
            throw new ProtocolException("Invalid message: a MessagePack message must be an array starting with its type.");
        }
        int type = value.get(0).asInt();
        ObjectNode message = json.createObjectNode().put("type", type);
        switch (type) {
            case HubProtocol.INVOCATION, HubProtocol.STREAM_INVOCATION -> {
                require(value, 5, "Invocation");
                headers(value.get(1), message);
                invocationId(value.get(2), message, type == HubProtocol.INVOCATION);
                if (!value.get(3).isTextual()) {
                    throw new ProtocolException("Invalid message: an Invocation's target must be a string.");
                }
                message.set("target", value.get(3));
                if (!value.get(4).isArray()) {
                    throw new ProtocolException("Invalid message: an Invocation's arguments must be an array.");
                }
                message.set("arguments", value.get(4));
                if (value.size() > 5 && !value.get(5).isNull()) {
                    if (!value.get(5).isArray()) {
                        throw new ProtocolException("Invalid message: an Invocation's stream ids must be an array.");
                    }
                    message.set("streamIds", value.get(5));
                }
            }
            case HubProtocol.STREAM_ITEM -> {
                require(value, 4, "StreamItem");
                headers(value.get(1), message);
                invocationId(value.get(2), message, false);
                message.set("item", value.get(3));
            }
            case HubProtocol.COMPLETION -> {
                require(value, 4, "Completion");
                headers(value.get(1), message);
                invocationId(value.get(2), message, false);
                int kind = value.get(3).asInt(-1);
                if (kind == ERROR_RESULT || kind == NON_VOID_RESULT) {
                    require(value, 5, "Completion");
                    message.set(kind == ERROR_RESULT ? "error" : "result", value.get(4));
                } else if (kind != VOID_RESULT) {
                    throw new ProtocolException("Invalid message: unknown Completion result kind.");
                }
            }
            case HubProtocol.CANCEL_INVOCATION -> {
                require(value, 3, "CancelInvocation");
                headers(value.get(1), message);
                invocationId(value.get(2), message, false);
            }
            case HubProtocol.CLOSE -> {
                if (value.size() > 1 && !value.get(1).isNull()) {
                    message.set("error", value.get(1));
                }
                if (value.size() > 2) {
                    message.set("allowReconnect", value.get(2));
                }
            }
            case HubProtocol.ACK, HubProtocol.SEQUENCE -> {
                if (value.size() < 2) {
                    throw new ProtocolException("Invalid message: missing required property 'sequenceId'.");
                }
                message.set("sequenceId", value.get(1));
            }
            default -> {
                // Ping, and types this hub does not know (ignored for forward compatibility, as in JSON)
            }
        }
        return message;
    }

    private static void require(JsonNode value, int items, String name) throws ProtocolException {
        if (value.size() < items) {
            throw new ProtocolException("Invalid message: a MessagePack " + name + " needs " + items + " items.");
        }
    }

    private static void headers(JsonNode headers, ObjectNode message) throws ProtocolException {
        if (!headers.isObject()) {
            throw new ProtocolException("Invalid message: headers must be a map.");
        }
        if (!headers.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                if (!it.next().getValue().isTextual()) {
                    throw new ProtocolException("Invalid message: header values must be strings.");
                }
            }
            message.set("headers", headers);
        }
    }

    private static void invocationId(JsonNode id, ObjectNode message, boolean optional) throws ProtocolException {
        if (id.isNull() && optional) {
            return; // a non-blocking invocation
        }
        if (!id.isTextual()) {
            throw new ProtocolException("Invalid message: the invocation id must be a string.");
        }
        message.set("invocationId", id);
    }

    private static void headers(Writer out, ObjectNode message) {
        JsonNode headers = message.get("headers");
        out.value(headers != null && headers.isObject() ? headers : JsonNodeFactory.instance.objectNode());
    }

    private static void frame(Writer out, byte[] body) {
        int length = body.length;
        while (length >= 0x80) {
            out.raw(0x80 | (length & 0x7f));
            length >>>= 7;
        }
        out.raw(length);
        out.raw(body);
    }

    /** Writes MessagePack values in their shortest form. */
    private static final class Writer {
        private byte[] buffer = new byte[128];
        private int size;

        void value(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                raw(0xc0);
            } else if (node.isBoolean()) {
                raw(node.booleanValue() ? 0xc3 : 0xc2);
            } else if (node.isIntegralNumber() && node.canConvertToLong()) {
                integer(node.longValue());
            } else if (node.isBigInteger() && node.bigIntegerValue().signum() > 0
                    && node.bigIntegerValue().bitLength() <= 64) {
                raw(0xcf);
                fixed(node.bigIntegerValue().longValue(), 8);
            } else if (node.isNumber()) {
                raw(0xcb);
                fixed(Double.doubleToLongBits(node.doubleValue()), 8);
            } else if (node.isTextual()) {
                byte[] utf8 = node.textValue().getBytes(StandardCharsets.UTF_8);
                header(utf8.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
                raw(utf8);
            } else if (node.isBinary()) {
                byte[] bytes = ((BinaryNode) node).binaryValue();
                header(bytes.length, -1, -1, 0xc4, 0xc5, 0xc6);
                raw(bytes);
            } else if (node.isArray()) {
                arrayHeader(node.size());
                for (JsonNode item : node) {
                    value(item);
                }
            } else if (node.isObject()) {
                header(node.size(), 0x80, 15, -1, 0xde, 0xdf);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    value(TextNode.valueOf(field.getKey()));
                    value(field.getValue());
                }
            } else {
                throw new IllegalStateException("No MessagePack encoding for " + node.getNodeType());
            }
        }

        void arrayHeader(int count) {
            header(count, 0x90, 15, -1, 0xdc, 0xdd);
        }

        void integer(long v) {
            if (v >= 0) {
                if (v < 0x80) {
                    raw((int) v);
                } else if (v < 0x100) {
                    raw(0xcc);
                    fixed(v, 1);
                } else if (v < 0x10000) {
                    raw(0xcd);
                    fixed(v, 2);
                } else if (v < 0x100000000L) {
                    raw(0xce);
                    fixed(v, 4);
                } else {
                    raw(0xcf);
                    fixed(v, 8);
                }
            } else if (v >= -32) {
                raw((int) v & 0xff);
            } else if (v >= Byte.MIN_VALUE) {
                raw(0xd0);
                fixed(v, 1);
            } else if (v >= Short.MIN_VALUE) {
                raw(0xd1);
                fixed(v, 2);
            } else if (v >= Integer.MIN_VALUE) {
                raw(0xd2);
                fixed(v, 4);
            } else {
                raw(0xd3);
                fixed(v, 8);
            }
        }

        /** A length header: the fix form (when {@code fixMax} allows it), else 8, 16 or 32 bits (-1: no such form). */
        private void header(int length, int fix, int fixMax, int with8, int with16, int with32) {
            if (fix >= 0 && length <= fixMax) {
                raw(fix | length);
            } else if (with8 >= 0 && length < 0x100) {
                raw(with8);
                fixed(length, 1);
            } else if (length < 0x10000) {
                raw(with16);
                fixed(length, 2);
            } else {
                raw(with32);
                fixed(length, 4);
            }
        }

        private void fixed(long value, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                raw((int) (value >>> (8 * i)) & 0xff);
            }
        }

        void raw(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }
    }

    /** Reads MessagePack values from one frame; every length is checked against what is left before use. */
    private static final class Reader {
        private final byte[] data;
        private final int end;
        private int position;

        Reader(byte[] data, int position, int end) {
            this.data = data;
            this.position = position;
            this.end = end;
        }

        JsonNode value(int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("Invalid message: MessagePack values nested too deeply.");
            }
            int t = u8();
            if (t <= 0x7f) {
                return IntNode.valueOf(t);
            }
            if (t >= 0xe0) {
                return IntNode.valueOf((byte) t);
            }
            if ((t & 0xf0) == 0x80) {
                return map(t & 0x0f, depth);
            }
            if ((t & 0xf0) == 0x90) {
                return array(t & 0x0f, depth);
            }
            if ((t & 0xe0) == 0xa0) {
                return string(t & 0x1f);
            }
            return switch (t) {
                case 0xc0 -> NullNode.getInstance();
                case 0xc2 -> BooleanNode.FALSE;
                case 0xc3 -> BooleanNode.TRUE;
                case 0xc4 -> BinaryNode.valueOf(bytes(length(1)));
                case 0xc5 -> BinaryNode.valueOf(bytes(length(2)));
                case 0xc6 -> BinaryNode.valueOf(bytes(length(4)));
                case 0xca -> DoubleNode.valueOf(Float.intBitsToFloat((int) fixed(4)));
                case 0xcb -> DoubleNode.valueOf(Double.longBitsToDouble(fixed(8)));
                case 0xcc -> IntNode.valueOf((int) fixed(1));
                case 0xcd -> IntNode.valueOf((int) fixed(2));
                case 0xce -> integral(fixed(4));
                case 0xcf -> {
                    long v = fixed(8);
                    yield v >= 0 ? integral(v) : JsonNodeFactory.instance.numberNode(
                            new BigInteger(Long.toUnsignedString(v)));
                }
                case 0xd0 -> IntNode.valueOf((byte) fixed(1));
                case 0xd1 -> IntNode.valueOf((short) fixed(2));
                case 0xd2 -> IntNode.valueOf((int) fixed(4));
                case 0xd3 -> integral(fixed(8));
                case 0xd9 -> string(length(1));
                case 0xda -> string(length(2));
                case 0xdb -> string(length(4));
                case 0xdc -> array(length(2), depth);
                case 0xdd -> array(length(4), depth);
                case 0xde -> map(length(2), depth);
                case 0xdf -> map(length(4), depth);
                case 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 ->
                        throw new ProtocolException("Invalid message: MessagePack extension types are not supported.");
                default -> throw new ProtocolException("Invalid message: not valid MessagePack.");
            };
        }

        private static JsonNode integral(long v) {
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
        }

        private ArrayNode array(int count, int depth) throws ProtocolException {
            if (count > end - position) { // every item takes at least one byte
                throw new ProtocolException("Incomplete message: a MessagePack array is cut short.");
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode(count);
            for (int i = 0; i < count; i++) {
                array.add(value(depth + 1));
            }
            return array;
        }

        private ObjectNode map(int count, int depth) throws ProtocolException {
            if (count > (end - position) / 2) {
                throw new ProtocolException("Incomplete message: a MessagePack map is cut short.");
            }
            ObjectNode map = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < count; i++) {
                JsonNode key = value(depth + 1);
                if (!key.isTextual()) {
                    throw new ProtocolException("Invalid message: MessagePack map keys must be strings.");
                }
                map.set(key.textValue(), value(depth + 1));
            }
            return map;
        }

        private TextNode string(int length) throws ProtocolException {
            byte[] utf8 = bytes(length);
            try {
                return TextNode.valueOf(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(utf8)).toString());
            } catch (CharacterCodingException e) {
                throw new ProtocolException("Invalid message: a MessagePack string is not valid UTF-8.");
            }
        }

        private int length(int bytes) throws ProtocolException {
            long length = fixed(bytes);
            if (length > end - position) {
                throw new ProtocolException("Incomplete message: a MessagePack value is cut short.");
            }
            return (int) length;
        }

        private byte[] bytes(int length) throws ProtocolException {
            if (length > end - position) {
                throw new ProtocolException("Incomplete message: a MessagePack value is cut short.");
            }
            byte[] bytes = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return bytes;
        }

        private long fixed(int bytes) throws ProtocolException {
            if (bytes > end - position) {
                throw new ProtocolException("Incomplete message: a MessagePack value is cut short.");
            }
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (data[position++] & 0xff);
            }
            return v;
        }

        private int u8() throws ProtocolException {
            if (position >= end) {
                throw new ProtocolException("Incomplete message: a MessagePack value is cut short.");
            }
            return data[position++] & 0xff;
        }
    }
}
