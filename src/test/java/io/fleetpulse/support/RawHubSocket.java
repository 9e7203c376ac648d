package io.fleetpulse.support;

import static io.fleetpulse.support.Api.as;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A hub socket driven by hand (java.net.http), to send what no well-behaved SignalR client would. */
public final class RawHubSocket implements AutoCloseable {

    public static final String RS = "\u001e";
    public static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every text message received, whole. */
    public final List<String> messages = new CopyOnWriteArrayList<>();
    /** Every record received, pings included, in order. */
    public final List<String> records = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    /** Every binary message (MessagePack frames), whole, in arrival order. */
    public final List<byte[]> binaryMessages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private RawHubSocket(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(ws(uri), new Collector()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Negotiates with {@code token} and returns the connection token. */
    public static String negotiate(String token) {
        return as(token).post("/hub/fleets/negotiate?negotiateVersion=1").then().statusCode(200)
                .extract().path("connectionToken");
    }

    /** Opens {@code /hub/fleets?id=...} with the JWT in the Authorization header. */
    public static RawHubSocket open(URI hub, String connectionToken, String jwt) {
        return new RawHubSocket(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + jwt),
                URI.create(hub + "?id=" + connectionToken));
    }

    /** Opens the socket as a browser does: the JWT as {@code access_token} in the query. */
    public static RawHubSocket openLikeABrowser(URI hub, String connectionToken, String jwt) {
        return new RawHubSocket(HTTP.newWebSocketBuilder(), URI.create(hub + "?id=" + connectionToken + "&access_token=" + jwt));
    }

    /** Negotiates, opens and completes the handshake. */
    public static RawHubSocket connected(URI hub, String jwt) {
        RawHubSocket socket = open(hub, negotiate(jwt), jwt);
        socket.send(HANDSHAKE);
        socket.awaitRecord("{}");
        return socket;
    }

    /** The HTTP status an upgrade is refused with (or 101 if it is accepted). */
    public static int upgradeStatus(URI hub, String query, String jwt) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (jwt != null) {
            builder.header("Authorization", "Bearer " + jwt);
        }
        try {
            WebSocket socket = builder.buildAsync(ws(URI.create(hub + query)), new WebSocket.Listener() { })
                    .orTimeout(10, TimeUnit.SECONDS).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The hub's ws:// address for its http:// one. */
    public static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Sends a text message in several frames. */
    public void sendFragmented(String text, int frameSize) {
        for (int start = 0; start < text.length(); start += frameSize) {
            int end = Math.min(text.length(), start + frameSize);
            socket.sendText(text.substring(start, end), end == text.length()).orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** Records other than pings. */
    public List<String> nonPingRecords() {
        return records.stream().filter(r -> !r.equals("{\"type\":6}")).toList();
    }

    public void awaitRecord(String record) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> records.contains(record));
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                messages.add(message);
                for (String record : message.split(RS)) {
                    if (!record.isEmpty()) {
                        records.add(record);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public java.util.concurrent.CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                binaryMessages.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
