package io.fleetpulse.realtime;

import io.fleetpulse.changes.ChangeEvent;
import io.smallrye.mutiny.Uni;

/** What a wire protocol adapter does with the feed of one connection. */
public interface FeedSink {

    /** Why the feed gives up on a connection. */
    enum Stop {
        /** The client stopped reading and its buffer is full; it should reconnect and resume. */
        TOO_SLOW,
        /** The event log could not be read; the client should reconnect and resume. */
        UNAVAILABLE
    }

    /** Writes one event; the Uni completes once the socket has taken it. */
    Uni<Void> send(ChangeEvent event);

    /** Tells the client that history after its position is gone: reload over REST, then follow from {@code seq}. */
    Uni<Void> resync(long seq);

    /** Closes the connection; the subscription is already closed. */
    void stop(Stop reason);
}
