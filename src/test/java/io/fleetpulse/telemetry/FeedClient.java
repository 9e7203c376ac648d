package io.fleetpulse.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client of /ws/owners/{ownerId} that keeps every frame it receives. */
final class FeedClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static FeedClient connect(URI httpRoot, String ownerId, String token, Long since) throws Exception {
        String query = since == null ? "" : "?since=" + since;
        URI uri = URI.create(httpRoot.toString().replaceFirst("^http", "ws").replaceAll("/$", "")
                + "/ws/owners/" + ownerId + query);
        FeedClient client = new FeedClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** TelemetryUpdated frames of one vehicle, in arrival order. */
    List<JsonNode> telemetryOf(String vehicleId) {
        return frames.stream()
                .filter(f -> "TelemetryUpdated".equals(f.path("type").asText()))
                .filter(f -> vehicleId.equals(f.path("vehicleId").asText()))
                .toList();
    }

    List<JsonNode> telemetry() {
        return frames.stream().filter(f -> "TelemetryUpdated".equals(f.path("type").asText())).toList();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        socket.abort();
    }
}
