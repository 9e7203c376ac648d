package io.fleetpulse.realtime.signalr;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * The Server-Sent Events transport: one long GET carries every record as an event ({@code data: <record>}
 * lines, a blank line after each), the client sends with POSTs. Text transfer format only, as the spec says.
 * Writes complete when the socket took them, so a reader that stops reading backs up the change feed exactly as
 * a WebSocket does (its slow-consumer policy then closes the connection).
 */
final class ServerSentEventsConnection extends HttpHubConnection {

    private final HttpServerResponse stream;

    ServerSentEventsConnection(String token, String user, SecurityIdentity identity, HttpServerResponse stream) {
        super(token, user, identity);
        this.stream = stream;
    }

    /** Starts the event stream: headers and a comment, so the client's EventSource opens at once. */
    void open() {
        stream.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no"); // nginx-style proxies must not buffer the stream
        stream.closeHandler(ignored -> end());
        stream.write(":\n\n");
    }

    @Override
    String transportName() {
        return "ServerSentEvents";
    }

    @Override
    void get(HttpServerResponse response) {
        // One stream per connection: a second GET cannot take it over.
        response.setStatusCode(409).end();
    }

    @Override
    boolean requestPending() {
        return !ended();
    }

    @Override
    boolean drained() {
        return true;
    }

    /** Never called: the handshake refuses MessagePack on this transport (the spec: Text transfer format only). */
    @Override
    public Uni<Void> sendBinary(byte[] data) {
        return Uni.createFrom().failure(new IllegalStateException("Server-Sent Events carry text only"));
    }

    @Override
    public boolean binary() {
        return false;
    }

    @Override
    public Uni<Void> send(String records) {
        if (ended()) {
            return Uni.createFrom().failure(new IllegalStateException("connection ended"));
        }
        Future<Void> written = stream.write(events(records));
        return Uni.createFrom().completionStage(written.toCompletionStage());
    }

    /** Every record as one event; a record never holds a line break (JSON escapes them), but is split if it did. */
    static String events(String records) {
        StringBuilder out = new StringBuilder(records.length() + 16);
        int start = 0;
        for (int i = 0; i < records.length(); i++) {
            if (records.charAt(i) == HubProtocol.RECORD_SEPARATOR) {
                out.append("data: ");
                for (int j = start; j <= i; j++) {
                    char c = records.charAt(j);
                    out.append(c);
                    if (c == '\n') {
                        out.append("data: ");
                    }
                }
                out.append("\n\n");
                start = i + 1;
            }
        }
        return out.toString();
    }

    @Override
    void onEnd() {
        if (!stream.ended() && !stream.closed()) {
            stream.end();
        }
    }
}
