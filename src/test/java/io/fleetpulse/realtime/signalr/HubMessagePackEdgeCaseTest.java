package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.RawHubSocket.RS;
import static io.fleetpulse.support.RawHubSocket.negotiate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetpulse.support.RawHubSocket;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The MessagePack hub protocol at the byte level, on raw WebSockets and raw Long Polling requests: the JSON
 * handshake, binary frames after it, malformed MessagePack, and Server-Sent Events refusing it.
 */
@QuarkusTest
class HubMessagePackEdgeCaseTest {

    private static final String HANDSHAKE = "{\"protocol\":\"messagepack\",\"version\":1}" + RS;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The codec is only used to read what the server wrote; what the official client reads is SignalRTransportsTest's. */
    private static final HubMessagePack CODEC = new HubMessagePack(JSON);

    @TestHTTPResource("/hub/fleets")
    URI hub;

    private final String owner = Tokens.newOwnerId();
    private final String jwt = Tokens.owner(owner);

    /** [1, {}, id, "JoinFleetGroup", [owner]] framed, as the official clients write it. */
    private static byte[] join(String invocationId, String ownerId) {
        ObjectNode invocation = JSON.createObjectNode().put("type", 1).put("invocationId", invocationId)
                .put("target", "JoinFleetGroup");
        invocation.putArray("arguments").add(ownerId);
        invocation.putArray("streamIds");
        byte[] body = CODEC.encode(invocation);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(body.length); // < 128: a one-byte length prefix
        framed.writeBytes(body);
        return framed.toByteArray();
    }

    private static List<ObjectNode> decodeAll(List<byte[]> messages) throws Exception {
        List<ObjectNode> decoded = new ArrayList<>();
        for (byte[] message : messages) {
            decoded.addAll(CODEC.decode(message));
        }
        return decoded.stream().filter(m -> m.get("type").asInt() != HubProtocol.PING).toList();
    }

    @Test
    void overWebSocketsTheHandshakeIsJsonTextAndEverythingAfterItBinaryMessagePack() throws Exception {
        try (RawHubSocket socket = RawHubSocket.open(hub, negotiate(jwt), jwt)) {
            socket.send(HANDSHAKE);
            socket.awaitRecord("{}");
            socket.sendBinary(join("1", owner));
            await().atMost(Duration.ofSeconds(10)).until(() -> !decodeAll(socket.binaryMessages).isEmpty());
            ObjectNode completion = decodeAll(socket.binaryMessages).get(0);
            assertThat(completion.get("type").asInt()).isEqualTo(HubProtocol.COMPLETION);
            assertThat(completion.get("invocationId").asText()).isEqualTo("1");
            assertThat(completion.get("result").get("ownerId").asText()).isEqualTo(owner);
            assertThat(socket.records).as("nothing but the handshake answer as text").containsOnly("{}");
        }
    }

    @Test
    void theHandshakeAndAnInvocationInOneBinaryMessageAreBothHandled() throws Exception {
        try (RawHubSocket socket = RawHubSocket.open(hub, negotiate(jwt), jwt)) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.writeBytes(HANDSHAKE.getBytes(StandardCharsets.UTF_8));
            message.writeBytes(join("2", Tokens.newOwnerId()));
            socket.sendBinary(message.toByteArray());
            socket.awaitRecord("{}");
            await().atMost(Duration.ofSeconds(10)).until(() -> !decodeAll(socket.binaryMessages).isEmpty());
            ObjectNode refused = decodeAll(socket.binaryMessages).get(0);
            assertThat(refused.get("invocationId").asText()).isEqualTo("2");
            assertThat(refused.get("error").asText()).startsWith("Not allowed to join the fleet group of owner '");
        }
    }

    @Test
    void malformedMessagePackClosesWithAMessagePackCloseThatLeaksNothing() throws Exception {
        try (RawHubSocket socket = RawHubSocket.open(hub, negotiate(jwt), jwt)) {
            socket.send(HANDSHAKE);
            socket.awaitRecord("{}");
            socket.sendBinary(new byte[] {0x03, (byte) 0x92, 0x06, (byte) 0xc1});
            await().atMost(Duration.ofSeconds(10)).until(socket::isClosed);
            ObjectNode close = decodeAll(socket.binaryMessages).get(0);
            assertThat(close.get("type").asInt()).isEqualTo(HubProtocol.CLOSE);
            assertThat(close.get("error").asText()).isEqualTo("Invalid message: not valid MessagePack.");
            assertThat(close.get("allowReconnect").asBoolean()).isFalse();
        }
    }

    @Test
    void overLongPollingPollsAnswerOctetStreamsWithTheHandshakeThenMessagePack() throws Exception {
        String token = negotiate(jwt);
        assertThat(poll(token).statusCode()).as("the first poll answers at once").isEqualTo(200);
        assertThat(post(token, HANDSHAKE.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(new String(poll(token).body(), StandardCharsets.UTF_8)).isEqualTo("{}" + RS);
        assertThat(post(token, join("3", owner)).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> answer = poll(token);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        ObjectNode completion = decodeAll(List.of(answer.body())).get(0);
        assertThat(completion.get("invocationId").asText()).isEqualTo("3");
        assertThat(completion.get("result").get("ownerId").asText()).isEqualTo(owner);
        assertThat(delete(token).statusCode()).isEqualTo(202);
    }

    @Test
    void overServerSentEventsAMessagePackHandshakeIsRefusedWithAReason() throws Exception {
        String token = negotiate(jwt);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(request(token)
                .timeout(Duration.ofMinutes(1)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(response -> {
            lines.add("STATUS " + response.statusCode());
            response.body().forEach(lines::add);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("STATUS 200"));
        post(token, HANDSHAKE.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("error")));
        assertThat(lines).anyMatch(line -> line.equals("data: {\"error\":\"The protocol 'messagepack' needs binary data, "
                + "which the ServerSentEvents transport cannot carry.\"}" + RS));
    }

    private HttpRequest.Builder request(String connectionToken) {
        return HttpRequest.newBuilder(URI.create(hub + "?id=" + connectionToken)).header("Authorization", "Bearer " + jwt)
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<byte[]> poll(String connectionToken) throws Exception {
        return HTTP.send(request(connectionToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String connectionToken, byte[] body) throws Exception {
        return HTTP.send(request(connectionToken).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String connectionToken) throws Exception {
        return HTTP.send(request(connectionToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
