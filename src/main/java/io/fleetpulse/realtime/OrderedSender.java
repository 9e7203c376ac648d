package io.fleetpulse.realtime;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Writes text frames to one connection in call order, whichever thread calls: feeds call from every
 * event loop, and a write made directly on the socket's own loop would overtake one still queued for it.
 */
public final class OrderedSender {

    private final WebSocketConnection connection;
    private final Context context;

    /** Create it on the connection's context (in {@code @OnOpen}). */
    public OrderedSender(WebSocketConnection connection) {
        this.connection = connection;
        this.context = Vertx.currentContext();
    }

    public Uni<Void> send(String text) {
        if (context == null) {
            return connection.sendText(text);
        }
        // runOnContext always enqueues, even on the loop itself, so writes leave in the order they were made.
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored ->
                connection.sendText(text).subscribe().with(emitter::complete, emitter::fail)));
    }
}
