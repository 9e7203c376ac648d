package io.fleetpulse.realtime;

import io.fleetpulse.config.FleetPulseConfig;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The feed of one connection: every event of the owner after its start position, exactly once, in
 * seq order. Live events are only hints; whenever they are out of order, missing or too many, the
 * missing range is read from the event log, which holds every committed event.
 */
public final class FeedSubscription {

    private static final Logger LOG = Logger.getLogger(FeedSubscription.class);

    private final String ownerId;
    private final FeedSink sink;
    private final ChangeBroadcaster broadcaster;
    private final ChangeLogReader log;
    private final FleetPulseConfig.Realtime config;
    private final RealtimeMetrics metrics;

    // All state is guarded by "this"; callbacks arrive on any event-loop thread.
    private final TreeMap<Long, ChangeEvent> pending = new TreeMap<>();
    private Cancellable live;
    private long lastSent = -1; // unknown until the log window has been read
    private long maxSeen = -1;
    private int inFlight;
    private boolean fetching;
    private boolean awaitingDrain;
    private boolean draining;
    private boolean closed;

    FeedSubscription(String ownerId, FeedSink sink, ChangeBroadcaster broadcaster, ChangeLogReader log,
            FleetPulseConfig.Realtime config, RealtimeMetrics metrics) {
        this.ownerId = ownerId;
        this.sink = sink;
        this.broadcaster = broadcaster;
        this.log = log;
        this.config = config;
        this.metrics = metrics;
    }

    /** Starts live first, then reads the log window, so nothing committed in between is missed. */
    void start(Long since) {
        metrics.opened();
        Cancellable subscription = broadcaster.events(ownerId).subscribe().with(this::onLive);
        synchronized (this) {
            live = subscription;
            if (closed) {
                subscription.cancel();
                return;
            }
        }
        log.window(ownerId).subscribe().with(window -> begin(window, since), this::unavailable);
    }

    /** The last seq this connection has been sent (or resynced to); -1 before the start. */
    public synchronized long position() {
        return lastSent;
    }

    public void close() {
        Cancellable subscription;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            subscription = live;
        }
        if (subscription != null) {
            subscription.cancel();
        }
        metrics.closed();
    }

    private synchronized void begin(ChangeLogReader.Window window, Long since) {
        if (closed) {
            return;
        }
        if (since == null) {
            lastSent = window.current();
            drain();
        } else if (!window.canResumeFrom(since)) {
            resyncTo(window.current());
        } else {
            lastSent = since;
            if (since < window.current()) {
                metrics.replay();
                fetch();
            } else {
                drain();
            }
        }
    }

    private synchronized void onLive(ChangeEvent event) {
        if (closed || (lastSent >= 0 && event.seq() <= lastSent)) {
            return;
        }
        if (event.isHint()) {
            maxSeen = Math.max(maxSeen, event.seq());
            if (lastSent >= 0) {
                drain(); // nothing pending covers it: drain() reads the log
            }
            return;
        }
        maxSeen = Math.max(maxSeen, event.seq());
        pending.put(event.seq(), event);
        if (pending.size() > config.maxPending()) {
            if (awaitingDrain || (!fetching && inFlight >= config.maxInFlight())) {
                stop(FeedSink.Stop.TOO_SLOW);
                return;
            }
            // Far behind but still reading: the log has every one of these, so stop holding them.
            pending.clear();
        }
        if (lastSent >= 0) {
            drain();
        }
    }

    /** Sends the consecutive run at the head of pending; a hole means the missing events are in the log. */
    private void drain() {
        if (fetching || draining || closed) {
            return;
        }
        draining = true;
        try {
            while (inFlight < config.maxInFlight()) {
                if (pending.isEmpty()) {
                    if (maxSeen > lastSent) {
                        fetch(); // events were dropped from pending: read them back
                    }
                    return;
                }
                long next = pending.firstKey();
                if (next <= lastSent) {
                    pending.pollFirstEntry();
                } else if (next == lastSent + 1) {
                    send(pending.pollFirstEntry().getValue());
                } else {
                    fetch();
                    return;
                }
            }
        } finally {
            draining = false;
        }
    }

    private void send(ChangeEvent event) {
        lastSent = event.seq();
        inFlight++;
        sink.send(event).subscribe().with(ok -> sent(true), this::sendFailed);
    }

    private synchronized void sent(boolean event) {
        inFlight--;
        if (event) {
            metrics.delivered();
        }
        if (closed) {
            return;
        }
        if (awaitingDrain) {
            if (inFlight <= config.maxInFlight() / 2) {
                awaitingDrain = false;
                query();
            }
        } else {
            drain();
        }
    }

    private void fetch() {
        if (fetching) {
            return;
        }
        fetching = true;
        query();
    }

    private void query() {
        long after = lastSent;
        log.after(ownerId, after, config.replayPageSize())
                .subscribe().with(page -> onPage(page), this::unavailable);
    }

    private synchronized void onPage(List<ChangeEvent> page) {
        if (closed) {
            return;
        }
        boolean behindAndNothingThere = page.isEmpty() && maxSeen > lastSent;
        if (behindAndNothingThere || (!page.isEmpty() && page.get(0).seq() != lastSent + 1)) {
            // The events this client needs were pruned while it was behind.
            log.window(ownerId).subscribe().with(window -> {
                synchronized (this) {
                    fetching = false;
                    if (!closed) {
                        resyncTo(window.current());
                    }
                }
            }, this::unavailable);
            return;
        }
        metrics.replayed(page.size());
        for (ChangeEvent event : page) {
            send(event);
        }
        pending.headMap(lastSent, true).clear();
        if (page.size() == config.replayPageSize()) {
            // More to read: continue once the socket has taken half of what is in flight.
            if (inFlight <= config.maxInFlight() / 2) {
                query();
            } else {
                awaitingDrain = true;
            }
            return;
        }
        fetching = false;
        drain();
    }

    private void resyncTo(long seq) {
        metrics.resync();
        lastSent = seq;
        maxSeen = Math.max(maxSeen, seq);
        pending.headMap(seq, true).clear();
        inFlight++;
        sink.resync(seq).subscribe().with(ok -> sent(false), this::sendFailed);
        drain();
    }

    private void sendFailed(Throwable failure) {
        LOG.debugf("Send to a subscriber of %s failed: %s", ownerId, failure.getMessage());
        close();
    }

    private void unavailable(Throwable failure) {
        LOG.warnf("Change feed of %s cannot read the event log: %s", ownerId, failure.getMessage());
        stop(FeedSink.Stop.UNAVAILABLE);
    }

    private void stop(FeedSink.Stop reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        if (reason == FeedSink.Stop.TOO_SLOW) {
            metrics.slowConsumer();
        }
        close();
        sink.stop(reason);
    }
}
