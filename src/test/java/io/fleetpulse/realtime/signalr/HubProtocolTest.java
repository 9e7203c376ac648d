package io.fleetpulse.realtime.signalr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.realtime.signalr.HubProtocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Plain unit tests of the JSON hub protocol's framing, handshake check and writers. */
class HubProtocolTest {

    private static final String RS = "\u001e";
    private final HubProtocol protocol = new HubProtocol(new ObjectMapper());

    @Test
    void splitsAMessageIntoItsRecordsKeepingEmptyOnes() throws ProtocolException {
        assertThat(HubProtocol.records("{\"type\":6}" + RS + RS + "{}" + RS)).containsExactly("{\"type\":6}", "", "{}");
    }

    @Test
    void refusesAMessageWhoseLastRecordHasNoSeparator() {
        assertThatThrownBy(() -> HubProtocol.records("{\"type\":6}" + RS + "{")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("record separator");
        assertThatThrownBy(() -> HubProtocol.records("")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void parsesAnObjectAndRefusesOtherJsonWithoutEchoingIt() throws ProtocolException {
        assertThat(protocol.parse("{\"type\":1}").get("type").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> protocol.parse("[1]")).hasMessage("Invalid message: a record must be a JSON object.");
        assertThatThrownBy(() -> protocol.parse("{secret")).hasMessage("Invalid message: not valid JSON.");
    }

    @Test
    void acceptsVersionsOneAndTwoOfJsonAndOfMessagePackWhenAllowed() {
        assertThat(protocol.handshakeError("{\"protocol\":\"json\",\"version\":1}", false)).isNull();
        assertThat(protocol.handshakeError("{\"protocol\":\"json\",\"version\":2}", false)).isNull();
        assertThat(protocol.handshakeError("{\"protocol\":\"messagepack\",\"version\":1}", true)).isNull();
        assertThat(protocol.handshakeError("{\"protocol\":\"messagepack\",\"version\":1}", false))
                .isEqualTo("The protocol 'messagepack' is not supported.");
        assertThat(protocol.handshakeError("{\"protocol\":\"protobuf\",\"version\":1}", true))
                .isEqualTo("The protocol 'protobuf' is not supported.");
        assertThat(protocol.handshakeError("{\"protocol\":\"json\",\"version\":3}", true))
                .isEqualTo("The server does not support version 3 of the 'json' protocol.");
        assertThat(protocol.handshakeError("{\"protocol\":\"messagepack\",\"version\":3}", true))
                .isEqualTo("The server does not support version 3 of the 'messagepack' protocol.");
        assertThat(protocol.handshakeError("{\"version\":1}", true)).contains("'protocol'");
        assertThat(protocol.handshakeError("{\"protocol\":\"json\",\"version\":\"1\"}", true)).contains("'version'");
        assertThat(protocol.handshakeError("nope", true)).isEqualTo("Invalid handshake request: not a JSON object.");
        assertThat(protocol.handshakeProtocol("{\"protocol\":\"messagepack\",\"version\":1}")).isEqualTo("messagepack");
    }

    @Test
    void decodesUtf8AndRefusesMalformedBytes() throws ProtocolException {
        assertThat(HubProtocol.utf8("{\"ä\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"ä\":1}");
        assertThatThrownBy(() -> HubProtocol.utf8(new byte[] {(byte) 0xC3, 0x28}))
                .hasMessage("Invalid message: not valid UTF-8.");
    }

    @Test
    void writesCompletionsAndCloseRecordsTerminated() {
        assertThat(protocol.completion("7", null)).isEqualTo("{\"type\":3,\"invocationId\":\"7\"}" + RS);
        assertThat(protocol.completion("7", protocol.json().createObjectNode().put("seq", 3)))
                .isEqualTo("{\"type\":3,\"invocationId\":\"7\",\"result\":{\"seq\":3}}" + RS);
        assertThat(protocol.completionError("8", "no")).isEqualTo("{\"type\":3,\"invocationId\":\"8\",\"error\":\"no\"}" + RS);
        assertThat(protocol.close("bye", true)).isEqualTo("{\"type\":7,\"error\":\"bye\",\"allowReconnect\":true}" + RS);
        assertThat(protocol.close(null, false)).isEqualTo("{\"type\":7,\"allowReconnect\":false}" + RS);
        assertThat(protocol.handshakeResponse("bad")).isEqualTo("{\"error\":\"bad\"}" + RS);
    }

    @Test
    void shortensLongClientTextInErrors() {
        assertThat(HubProtocol.shorten("a".repeat(64))).hasSize(64);
        assertThat(HubProtocol.shorten("a".repeat(65))).isEqualTo("a".repeat(64) + "...");
    }
}
