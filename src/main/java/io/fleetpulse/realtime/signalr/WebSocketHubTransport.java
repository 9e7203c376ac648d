package io.fleetpulse.realtime.signalr;

import io.fleetpulse.realtime.OrderedSender;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** The WebSockets transport: JSON records as text frames, MessagePack as binary frames, in order (see {@link OrderedSender}). */
final class WebSocketHubTransport implements HubTransport {

    private final WebSocketConnection connection;
    private final OrderedSender sender;

    /** Create it on the connection's context (in {@code @OnOpen}). */
    WebSocketHubTransport(WebSocketConnection connection) {
        this.connection = connection;
        this.sender = new OrderedSender(connection);
    }

    @Override
    public Uni<Void> send(String records) {
        return sender.send(records);
    }

    @Override
    public Uni<Void> sendBinary(byte[] data) {
        return sender.send(data);
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public Uni<Void> close(int code) {
        return connection.close(new CloseReason(code));
    }
}
