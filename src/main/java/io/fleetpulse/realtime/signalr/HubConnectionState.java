package io.fleetpulse.realtime.signalr;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A stateful-reconnect connection between two sockets: whose it is, its sequence state and unacknowledged
 * records ({@link HubMessageBuffer.State}), and the owner groups it had joined with the last seq it was sent of
 * each, from which the change feeds continue out of the change log, and the hub protocol its handshake chose
 * (null in states stored before MessagePack: JSON). Kept in memory while the client reconnects
 * to the same replica; stored as JSON in {@code signalr_resumable} when the connection moves to another one.
 */
@RegisterForReflection(targets = {HubConnectionState.class, HubMessageBuffer.State.class, HubMessageBuffer.Buffered.class})
record HubConnectionState(String user, String connectionId, boolean stateful, boolean handshaken,
        HubMessageBuffer.State buffer, Map<String, Long> groups, String protocol) {

    /** A negotiated token whose socket has not opened yet: nothing to replay, no groups. */
    static HubConnectionState fresh(String user, String connectionId, boolean stateful) {
        return new HubConnectionState(user, connectionId, stateful, false, null, Map.of(), HubProtocol.JSON);
    }

    boolean messagePack() {
        return HubMessagePack.NAME.equals(protocol);
    }
}
