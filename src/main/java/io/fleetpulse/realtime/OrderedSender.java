package io.fleetpulse.realtime;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Writes frames to one connection in call order per calling thread: a caller on the connection's own
 * event-loop thread (the change feed) writes directly (no extra task per frame); other producers (telemetry
 * pushes from other event loops) are queued onto its context, so their frames keep their order too.
 * Only frames of different producers may interleave, which they may: telemetry is state, not history.
 */
public final class OrderedSender {

    private final WebSocketConnection connection;
    private final Context context;
    private final EventLoop loop;

    /** Create it on the connection's context (in {@code @OnOpen}). */
    public OrderedSender(WebSocketConnection connection) {
        this.connection = connection;
        this.context = Vertx.currentContext();
        this.loop = context == null ? null : ((ContextInternal) context).nettyEventLoop();
    }

    public Uni<Void> send(String text) {
        if (loop == null || loop.inEventLoop()) {
            return connection.sendText(text);
        }
        // runOnContext enqueues, so writes from another thread leave in the order they were made.
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored ->
                connection.sendText(text).subscribe().with(emitter::complete, emitter::fail)));
    }

    /** A binary frame, in the same order as the text frames of the same thread. */
    public Uni<Void> send(byte[] data) {
        Buffer frame = Buffer.buffer(data);
        if (loop == null || loop.inEventLoop()) {
            return connection.sendBinary(frame);
        }
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored ->
                connection.sendBinary(frame).subscribe().with(emitter::complete, emitter::fail)));
    }
}
