package io.fleetpulse.realtime.signalr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MessagePack hub protocol codec, against the byte examples of the hub protocol specification and edge cases. */
class HubMessagePackTest {

    private static final String RS = "\u001e";
    private final ObjectMapper json = new ObjectMapper();
    private final HubMessagePack codec = new HubMessagePack(json);
    private final HubProtocol protocol = new HubProtocol(json);

    @Test
    void decodesTheSpecificationsInvocationExamples() throws Exception {
        assertThat(decodeOne(0x96, 0x01, 0x80, 0xa3, 'x', 'y', 'z', 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90))
                .isEqualTo(json.readTree("{\"type\":1,\"invocationId\":\"xyz\",\"target\":\"method\",\"arguments\":[42],\"streamIds\":[]}"));
        // Non-blocking: a nil invocation id means none.
        assertThat(decodeOne(0x96, 0x01, 0x80, 0xc0, 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90))
                .isEqualTo(json.readTree("{\"type\":1,\"target\":\"method\",\"arguments\":[42],\"streamIds\":[]}"));
        // Headers x=y, z=z.
        assertThat(decodeOne(0x96, 0x01, 0x82, 0xa1, 'x', 0xa1, 'y', 0xa1, 'z', 0xa1, 'z', 0xa3, 'x', 'y', 'z',
                0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90).get("headers"))
                .isEqualTo(json.readTree("{\"x\":\"y\",\"z\":\"z\"}"));
        assertThat(decodeOne(0x96, 0x04, 0x80, 0xa3, 'x', 'y', 'z', 0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0x91, 0x2a, 0x90)
                .get("type").asInt()).isEqualTo(HubProtocol.STREAM_INVOCATION);
    }

    @Test
    void decodesTheSpecificationsOtherMessageExamples() throws Exception {
        assertThat(decodeOne(0x94, 0x02, 0x80, 0xa3, 'x', 'y', 'z', 0x2a))
                .isEqualTo(json.readTree("{\"type\":2,\"invocationId\":\"xyz\",\"item\":42}"));
        assertThat(decodeOne(0x95, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x01, 0xa5, 'E', 'r', 'r', 'o', 'r'))
                .isEqualTo(json.readTree("{\"type\":3,\"invocationId\":\"xyz\",\"error\":\"Error\"}"));
        assertThat(decodeOne(0x94, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x02))
                .isEqualTo(json.readTree("{\"type\":3,\"invocationId\":\"xyz\"}"));
        assertThat(decodeOne(0x95, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x03, 0x2a))
                .isEqualTo(json.readTree("{\"type\":3,\"invocationId\":\"xyz\",\"result\":42}"));
        assertThat(decodeOne(0x93, 0x05, 0x80, 0xa3, 'x', 'y', 'z'))
                .isEqualTo(json.readTree("{\"type\":5,\"invocationId\":\"xyz\"}"));
        assertThat(decodeOne(0x91, 0x06)).isEqualTo(json.readTree("{\"type\":6}"));
        assertThat(decodeOne(0x92, 0x07, 0xa3, 'x', 'y', 'z')).isEqualTo(json.readTree("{\"type\":7,\"error\":\"xyz\"}"));
        assertThat(decodeOne(0x93, 0x07, 0xa3, 'x', 'y', 'z', 0xc3))
                .isEqualTo(json.readTree("{\"type\":7,\"error\":\"xyz\",\"allowReconnect\":true}"));
        assertThat(decodeOne(0x92, 0x08, 0xcc, 0x24)).isEqualTo(json.readTree("{\"type\":8,\"sequenceId\":36}"));
        assertThat(decodeOne(0x92, 0x09, 0xcc, 0x13)).isEqualTo(json.readTree("{\"type\":9,\"sequenceId\":19}"));
        // An unknown type keeps only its type (ignored, as in JSON).
        assertThat(decodeOne(0x92, 0x63, 0xc0)).isEqualTo(json.readTree("{\"type\":99}"));
    }

    @Test
    void encodesTheHubsRecordsAsTheSpecificationsArrays() {
        assertThat(codec.fromJsonRecords(HubProtocol.PING_RECORD)).containsExactly(framed(0x91, 0x06));
        assertThat(codec.fromJsonRecords(protocol.completion("xyz", json.getNodeFactory().numberNode(42))))
                .containsExactly(framed(0x95, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x03, 0x2a));
        assertThat(codec.fromJsonRecords(protocol.completion("xyz", null)))
                .containsExactly(framed(0x94, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x02));
        assertThat(codec.fromJsonRecords(protocol.completionError("xyz", "Error")))
                .containsExactly(framed(0x95, 0x03, 0x80, 0xa3, 'x', 'y', 'z', 0x01, 0xa5, 'E', 'r', 'r', 'o', 'r'));
        assertThat(codec.fromJsonRecords(protocol.close("xyz", true)))
                .containsExactly(framed(0x93, 0x07, 0xa3, 'x', 'y', 'z', 0xc3));
        assertThat(codec.fromJsonRecords(protocol.close(null, false))).containsExactly(framed(0x93, 0x07, 0xc0, 0xc2));
        assertThat(codec.fromJsonRecords(protocol.ack(36))).containsExactly(framed(0x92, 0x08, 0x24));
        assertThat(codec.fromJsonRecords(protocol.sequence(300))).containsExactly(framed(0x92, 0x09, 0xcd, 0x01, 0x2c));
        // A server-to-client invocation: no invocation id (nil), no stream ids (5 items, as ASP.NET Core writes it).
        assertThat(codec.fromJsonRecords(protocol.invocation("m", json.createArrayNode().add(42))))
                .containsExactly(framed(0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0x91, 0x2a));
    }

    @Test
    void severalRecordsBecomeSeveralFramesInOrder() throws Exception {
        byte[] frames = codec.fromJsonRecords(protocol.ack(1) + HubProtocol.PING_RECORD + protocol.sequence(2));
        assertThat(codec.decode(frames)).extracting(m -> m.get("type").asInt()).containsExactly(8, 6, 9);
    }

    @Test
    void framesLongerThan127BytesHaveAVarIntLengthPrefix() throws Exception {
        String target = "t".repeat(5240);
        byte[] frames = codec.fromJsonRecords(protocol.invocation(target, json.createArrayNode()));
        // 5248 = 0x1480: the specification's example prefix 0x80 0x29.
        assertThat(frames.length).isEqualTo(2 + 5248);
        assertThat(frames[0] & 0xff).isEqualTo(0x80);
        assertThat(frames[1] & 0xff).isEqualTo(0x29);
        assertThat(codec.decode(frames).get(0).get("target").asText()).isEqualTo(target);
    }

    @Test
    void everyValueFormRoundTrips() throws Exception {
        String arguments = "[0,127,128,255,256,65535,65536,4294967295,4294967296,9223372036854775807,"
                + "-1,-32,-33,-128,-129,-32768,-32769,-2147483648,-2147483649,-9223372036854775808,"
                + "1.5,-0.25,true,false,null,\"\",\"ä€😀\",\"" + "s".repeat(31) + "\",\"" + "s".repeat(32) + "\",\""
                + "s".repeat(255) + "\",\"" + "s".repeat(256) + "\",\"" + "s".repeat(70000) + "\","
                + "[],[[1,[2,[3]]]],{},{\"a\":{\"b\":[1,{\"c\":null}]}}," + list(16) + "," + list(70000) + "]";
        JsonNode values = json.readTree(arguments);
        ObjectNode message = codec.decode(codec.fromJsonRecords(protocol.invocation("all", (com.fasterxml.jackson.databind.node.ArrayNode) values))).get(0);
        assertThat(message.get("arguments")).isEqualTo(values);
        // Integers take their shortest form; the decoded numbers compare equal as JSON numbers.
        assertThat(message.get("arguments").get(9).asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(message.get("arguments").get(19).asLong()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void decodesFloat32AndUnsigned64BitIntegers() throws Exception {
        JsonNode arguments = decodeOne(0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0x92,
                0xca, 0x3f, 0xc0, 0x00, 0x00, // 1.5f
                0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff).get("arguments");
        assertThat(arguments.get(0).asDouble()).isEqualTo(1.5);
        assertThat(arguments.get(1).bigIntegerValue().toString()).isEqualTo("18446744073709551615");
    }

    @Test
    void malformedInputIsAProtocolErrorThatNamesNoInternals() {
        assertRefused("length prefix is cut short", 0x80);
        assertRefused("length prefix is too large", 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
        assertRefused("shorter than its length prefix", 0x05, 0x91);
        assertBodyRefused("must be an array", 0x06);
        assertBodyRefused("must be an array", 0x90);
        assertBodyRefused("extension types are not supported", 0x92, 0x06, 0xd4, 0x01);
        assertBodyRefused("not valid UTF-8", 0x92, 0x06, 0xa2, 0xc3, 0x28);
        assertBodyRefused("map keys must be strings", 0x92, 0x06, 0x81, 0x01, 0x02);
        assertBodyRefused("not valid MessagePack", 0x92, 0x06, 0xc1);
        assertBodyRefused("bytes after the MessagePack message", 0x91, 0x06, 0x06);
        assertBodyRefused("needs 5 items", 0x93, 0x01, 0x80, 0xc0);
        assertBodyRefused("target must be a string", 0x95, 0x01, 0x80, 0xc0, 0x01, 0x90);
        assertBodyRefused("arguments must be an array", 0x95, 0x01, 0x80, 0xc0, 0xa1, 'm', 0x01);
        assertBodyRefused("invocation id must be a string", 0x95, 0x01, 0x80, 0x01, 0xa1, 'm', 0x90);
        assertBodyRefused("header values must be strings", 0x95, 0x01, 0x81, 0xa1, 'k', 0x01, 0xc0, 0xa1, 'm', 0x90);
        assertBodyRefused("unknown Completion result kind", 0x94, 0x03, 0x80, 0xa1, 'x', 0x07);
        assertBodyRefused("missing required property 'sequenceId'", 0x91, 0x08);
    }

    @Test
    void declaredLengthsBeyondTheFrameAreRefusedBeforeAnythingIsAllocated() {
        // An array, a map, a string and a binary that claim 4 GiB in a frame of a few bytes.
        assertBodyRefused("cut short", 0x92, 0x06, 0xdd, 0xff, 0xff, 0xff, 0xff);
        assertBodyRefused("cut short", 0x92, 0x06, 0xdf, 0xff, 0xff, 0xff, 0xff);
        assertBodyRefused("value is cut short", 0x92, 0x06, 0xdb, 0xff, 0xff, 0xff, 0xff);
        assertBodyRefused("value is cut short", 0x92, 0x06, 0xc6, 0xff, 0xff, 0xff, 0xff);
    }

    @Test
    void deeplyNestedInputIsRefusedInsteadOfExhaustingTheStack() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x92);
        body.write(0x06);
        for (int i = 0; i < 100; i++) {
            body.write(0x91);
        }
        body.write(0x01);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(body.size());
        frame.writeBytes(body.toByteArray());
        assertThatThrownBy(() -> codec.decode(frame.toByteArray())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("nested too deeply");
    }

    private void assertRefused(String message, int... bytes) {
        assertThatThrownBy(() -> codec.decode(bytes(bytes))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message).hasMessageStartingWith("In");
    }

    /** {@code body} framed with its length prefix. */
    private void assertBodyRefused(String message, int... body) {
        int[] framed = new int[body.length + 1];
        framed[0] = body.length;
        System.arraycopy(body, 0, framed, 1, body.length);
        assertRefused(message, framed);
    }

    private JsonNode decodeOne(int... body) throws ProtocolException {
        byte[] framed = new byte[body.length + 1];
        framed[0] = (byte) body.length;
        for (int i = 0; i < body.length; i++) {
            framed[i + 1] = (byte) body[i];
        }
        List<ObjectNode> messages = codec.decode(framed);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** {@code body} with its one-byte length prefix. */
    private static byte[] framed(int... body) {
        int[] framed = new int[body.length + 1];
        framed[0] = body.length;
        System.arraycopy(body, 0, framed, 1, body.length);
        return bytes(framed);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String list(int size) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            list.append(i == 0 ? "" : ",").append(i % 3);
        }
        return list.append(']').toString();
    }

}
