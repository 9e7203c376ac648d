package io.fleetpulse.realtime.signalr;

import io.smallrye.mutiny.Uni;

/** What a hub session writes its records to: one WebSocket, or one Server-Sent Events / Long Polling connection. */
interface HubTransport {

    /** Writes one or more complete records, in call order; the Uni completes once the transport has taken them. */
    Uni<Void> send(String records);

    /** Writes binary data (MessagePack frames), in call order with {@link #send}; only when {@link #binary()}. */
    Uni<Void> sendBinary(byte[] data);

    /** Whether the transport carries binary data (Server-Sent Events carry text only). */
    boolean binary();

    /** Ends the connection ({@code code}: the WebSocket close code; other transports only end). */
    Uni<Void> close(int code);
}
