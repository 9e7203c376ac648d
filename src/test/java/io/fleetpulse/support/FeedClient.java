package io.fleetpulse.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) for the plain change feed; records every frame it reads. */
public final class FeedClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final List<Long> receivedAtNanos = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    private volatile Integer closeCode;
    private volatile WebSocket socket;

    private FeedClient(boolean reading) {
        this.reading = reading;
    }

    /** The ws:// URI of a path on the test server. */
    public static URI uri(String path) {
        // Quarkus points RestAssured at the port the test server actually bound (test-port=0).
        return URI.create("ws://localhost:" + io.restassured.RestAssured.port + path);
    }

    public static FeedClient connect(String path, String token) {
        return connect(path, Map.of("Authorization", "Bearer " + token), true);
    }

    /** Connects to a full ws:// URI (another replica's, say) with a bearer token. */
    public static FeedClient connect(URI target, String token) {
        return connect(target, Map.of("Authorization", "Bearer " + token), true);
    }

    /** Connects with the given headers; {@code reading=false} makes a client that never reads after the upgrade. */
    public static FeedClient connect(String path, Map<String, String> headers, boolean reading) {
        return connect(uri(path), headers, reading);
    }

    private static FeedClient connect(URI target, Map<String, String> headers, boolean reading) {
        FeedClient client = new FeedClient(reading);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach((name, value) -> {
            if (name.equals("Sec-WebSocket-Protocol")) {
                String[] offered = value.split(",");
                builder.subprotocols(offered[0].trim(), java.util.Arrays.stream(offered).skip(1).map(String::trim)
                        .toArray(String[]::new));
            } else {
                builder.header(name, value);
            }
        });
        try {
            client.socket = builder.buildAsync(target, client).get(10, TimeUnit.SECONDS);
            return client;
        } catch (Exception e) {
            throw new CompletionException(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The HTTP status of a refused upgrade, or 101 when it succeeded. */
    public static int upgradeStatus(String path, Map<String, String> headers) {
        try (FeedClient ignored = connect(path, headers, true)) {
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public List<JsonNode> messages() {
        return messages;
    }

    /** The change events received so far (frames with a seq). */
    public List<JsonNode> events() {
        return messages.stream().filter(m -> m.has("seq") && !"Resync".equals(m.path("type").asText())).toList();
    }

    /** TelemetryUpdated frames (state, no seq), in arrival order. */
    public List<JsonNode> telemetry() {
        return messages.stream().filter(m -> "TelemetryUpdated".equals(m.path("type").asText())).toList();
    }

    /** TelemetryUpdated frames of one vehicle, in arrival order. */
    public List<JsonNode> telemetryOf(String vehicleId) {
        return telemetry().stream().filter(m -> vehicleId.equals(m.path("vehicleId").asText())).toList();
    }

    /** System.nanoTime() at which message i was read (for latency measurements). */
    public long receivedAtNanos(int index) {
        return receivedAtNanos.get(index);
    }

    public Integer closeCode() {
        return closeCode;
    }

    public boolean isClosed() {
        return closeCode != null || socket.isInputClosed();
    }

    /** Drops the TCP connection without a close handshake, as a network failure would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = JSON.readTree(partial.toString());
                receivedAtNanos.add(System.nanoTime());
                messages.add(message);
            } catch (Exception e) {
                throw new IllegalStateException("Not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closeCode == null) {
            closeCode = -1;
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
        CompletableFuture.runAsync(socket::abort, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
    }
}
