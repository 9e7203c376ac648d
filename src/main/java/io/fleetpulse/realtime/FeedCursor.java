package io.fleetpulse.realtime;

import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.changes.ChangeLogReader;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The decisions of one connection's feed, and nothing else: given the log window, live events, log pages and
 * send completions, it decides what to send, when to read the log (replay, a gap, events it dropped), when
 * history is gone (resync) and when the client is too slow. Pure and single-threaded: its driver
 * ({@link FeedSubscription}) calls it on the connection's context and carries out its {@link Effects}.
 */
final class FeedCursor {

    /** What the cursor asks its driver to do; each completion comes back as a call of the cursor. */
    interface Effects {
        /** Write the event to the socket, then call {@link #sent()}. */
        void send(ChangeEvent event);

        /** Read one page of the log after {@code afterSeq}, then call {@link #page(List)}. */
        void fetch(long afterSeq);

        /** Read the log window, then call {@link #resyncWindow(ChangeLogReader.Window)}. */
        void window();

        /** Tell the client that history after its position is gone, then call {@link #sent()}. */
        void resync(long seq);

        /** Close the connection: the client does not read. */
        void tooSlow();
    }

    private final Effects effects;
    private final int maxInFlight;
    private final int maxPending;
    private final int pageSize;
    private final ArrayDeque<ChangeEvent> pending = new ArrayDeque<>();
    private long position = -1; // the last seq sent (or resynced to); -1 until the window is known
    private int inFlight;
    private boolean fetching; // a log read (page or window) is under way, or a replay is paused
    private boolean awaitingDrain; // replay paused until the socket takes half of what is in flight
    private long droppedUpTo = -1; // live events up to this seq were let go: the log has them
    private boolean stopped;

    FeedCursor(Effects effects, int maxInFlight, int maxPending, int pageSize) {
        this.effects = effects;
        this.maxInFlight = maxInFlight;
        this.maxPending = maxPending;
        this.pageSize = pageSize;
    }

    long position() {
        return position;
    }

    /**
     * The log window arrived: start after {@code since}, or from now when it is null. Returns whether this
     * start is a replay: a resumable {@code since} behind the log, read from it (what the replay metric counts).
     */
    boolean begin(ChangeLogReader.Window window, Long since) {
        if (stopped) {
            return false;
        }
        if (since == null) {
            position = window.current();
            drain();
        } else if (!window.canResumeFrom(since)) {
            resyncTo(window.current());
        } else {
            position = since;
            if (since < window.current()) {
                fetch();
                return true;
            }
            drain();
        }
        return false;
    }

    /** Events of the owner committed since the connection started following, in seq order. */
    void live(List<ChangeEvent> events) {
        if (stopped) {
            return;
        }
        for (ChangeEvent event : events) {
            if (event.seq() > position && (pending.isEmpty() || event.seq() > pending.peekLast().seq())) {
                pending.addLast(event);
            }
        }
        if (pending.size() > maxPending) {
            if (awaitingDrain || (!fetching && inFlight >= maxInFlight)) {
                stop();
                effects.tooSlow();
                return;
            }
            // Far behind but still reading: the log has every one of these, so stop holding them.
            droppedUpTo = Math.max(droppedUpTo, pending.peekLast().seq());
            pending.clear();
        }
        drain();
    }

    /** A page of the log after the position arrived. */
    void page(List<ChangeEvent> page) {
        if (stopped) {
            return;
        }
        boolean knownMissing = droppedUpTo > position || (!pending.isEmpty() && pending.peekFirst().seq() > position + 1);
        if ((page.isEmpty() && knownMissing) || (!page.isEmpty() && page.get(0).seq() != position + 1)) {
            // The events this client needs were pruned while it was behind.
            effects.window();
            return;
        }
        for (ChangeEvent event : page) {
            send(event);
        }
        while (!pending.isEmpty() && pending.peekFirst().seq() <= position) {
            pending.pollFirst();
        }
        if (page.size() == pageSize) {
            // More to read: continue once the socket has taken half of what is in flight.
            if (inFlight <= maxInFlight / 2) {
                effects.fetch(position);
            } else {
                awaitingDrain = true;
            }
            return;
        }
        fetching = false;
        drain();
    }

    /** The window read for a resync arrived. */
    void resyncWindow(ChangeLogReader.Window window) {
        if (stopped) {
            return;
        }
        fetching = false;
        resyncTo(window.current());
    }

    /** The socket took a frame. */
    void sent() {
        inFlight--;
        if (stopped) {
            return;
        }
        if (awaitingDrain) {
            if (inFlight <= maxInFlight / 2) {
                awaitingDrain = false;
                effects.fetch(position);
            }
        } else {
            drain();
        }
    }

    /** The connection closed: nothing more is decided. */
    void stop() {
        stopped = true;
        pending.clear();
    }

    /** Sends the consecutive run at the head of pending; a hole means the missing events are in the log. */
    private void drain() {
        if (fetching || position < 0) {
            return;
        }
        while (inFlight < maxInFlight) {
            ChangeEvent next = pending.peekFirst();
            if (next == null) {
                if (droppedUpTo > position) {
                    fetch();
                }
                return;
            }
            if (next.seq() <= position) {
                pending.pollFirst();
            } else if (next.seq() == position + 1) {
                send(pending.pollFirst());
            } else {
                fetch();
                return;
            }
        }
    }

    private void send(ChangeEvent event) {
        position = event.seq();
        inFlight++;
        effects.send(event);
    }

    private void fetch() {
        if (!fetching) {
            fetching = true;
            effects.fetch(position);
        }
    }

    private void resyncTo(long seq) {
        position = seq;
        while (!pending.isEmpty() && pending.peekFirst().seq() <= seq) {
            pending.pollFirst();
        }
        inFlight++;
        effects.resync(seq);
        drain();
    }
}
