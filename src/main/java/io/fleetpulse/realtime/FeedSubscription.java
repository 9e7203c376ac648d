package io.fleetpulse.realtime;

import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.changes.ChangeLogReader;
import io.fleetpulse.config.FleetPulseConfig;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayDeque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The feed of one connection: every event of the owner after its start position, exactly once, in seq
 * order. It carries out the decisions of its {@link FeedCursor} (socket writes, log reads) and feeds every
 * completion back to it on the connection's own event-loop thread, one at a time, so the cursor needs no
 * locks: a completion that arrives on that thread runs at once (or right after the call under way, never
 * inside it), one from elsewhere is queued onto the connection's context. Per delivered event that is no
 * task at all, where a hop per event and per send completion used to be most of the fan-out's cost.
 */
public final class FeedSubscription implements ChangeBroadcaster.Listener, FeedCursor.Effects {

    private static final Logger LOG = Logger.getLogger(FeedSubscription.class);

    private final String ownerId;
    private final FeedSink sink;
    private final ChangeBroadcaster broadcaster;
    private final ChangeLogReader log;
    private final RealtimeMetrics metrics;
    private final Context context;
    private final int pageSize;
    private final FeedCursor cursor;
    private final EventLoop loop;
    // Touched on the loop thread only: cursor calls that arrived while another one ran, in arrival order.
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private boolean running;
    private volatile long position = -1;
    private volatile boolean closed;

    FeedSubscription(String ownerId, FeedSink sink, ChangeBroadcaster broadcaster, ChangeLogReader log,
            FleetPulseConfig.Realtime config, RealtimeMetrics metrics, Context context) {
        this.ownerId = ownerId;
        this.sink = sink;
        this.broadcaster = broadcaster;
        this.log = log;
        this.metrics = metrics;
        this.context = context;
        this.pageSize = config.replayPageSize();
        this.cursor = new FeedCursor(this, config.maxInFlight(), config.maxPending(), pageSize);
        this.loop = ((ContextInternal) context).nettyEventLoop();
    }

    @Override
    public Context context() {
        return context;
    }

    /** Follows live first, then reads the log window, so nothing committed in between is missed. */
    void start(Long since) {
        metrics.opened();
        broadcaster.follow(ownerId, this)
                .chain(() -> log.window(ownerId))
                .subscribe().with(window -> onContext(() -> {
                    if (cursor.begin(window, since)) {
                        metrics.replay();
                    }
                    position = cursor.position();
                }), this::unavailable);
    }

    /** The last seq this connection has been sent (or resynced to); -1 before the start. */
    public long position() {
        return position;
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        broadcaster.unfollow(ownerId, this);
        context.runOnContext(ignored -> cursor.stop());
        metrics.closed();
    }

    @Override
    public void onEvents(List<ChangeEvent> events) {
        if (!closed) {
            onContext(() -> cursor.live(events));
        }
    }

    @Override
    public void send(ChangeEvent event) {
        position = event.seq();
        sink.send(event).subscribe().with(ok -> onContext(() -> {
            metrics.delivered();
            cursor.sent();
        }), this::sendFailed);
    }

    @Override
    public void fetch(long afterSeq) {
        log.after(ownerId, afterSeq, pageSize).subscribe().with(page -> onContext(() -> {
            if (!page.isEmpty()) {
                metrics.replayed(page.size());
            }
            cursor.page(page);
        }), this::unavailable);
    }

    @Override
    public void window() {
        log.window(ownerId).subscribe().with(window -> onContext(() -> cursor.resyncWindow(window)), this::unavailable);
    }

    @Override
    public void resync(long seq) {
        position = seq;
        metrics.resync();
        sink.resync(seq).subscribe().with(ok -> onContext(cursor::sent), this::sendFailed);
    }

    @Override
    public void tooSlow() {
        metrics.slowConsumer();
        stop(FeedSink.Stop.TOO_SLOW);
    }

    /** Every call of the cursor runs on the connection's loop thread, one at a time: never re-entered, never concurrent. */
    private void onContext(Runnable action) {
        if (!loop.inEventLoop()) {
            context.runOnContext(ignored -> onContext(action));
            return;
        }
        if (running) {
            queued.add(action); // e.g. a send that completed inside the cursor's own send call
            return;
        }
        running = true;
        try {
            for (Runnable next = action; next != null; next = queued.poll()) {
                if (!closed) {
                    next.run();
                }
            }
        } finally {
            running = false;
        }
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
        if (closed) {
            return;
        }
        close();
        sink.stop(reason);
    }
}
