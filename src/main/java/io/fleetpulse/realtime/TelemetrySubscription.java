package io.fleetpulse.realtime;

import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.fleetpulse.telemetry.TelemetryStore;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The telemetry of one connection, conflated: per vehicle at most one send per interval, always the
 * newest snapshot, never an older one after a newer. While a send is in flight nothing else is sent, so
 * a slow client gets fewer, fresher updates; what waits is at most one snapshot per vehicle.
 */
public final class TelemetrySubscription {

    private static final Logger LOG = Logger.getLogger(TelemetrySubscription.class);

    private record Sent(TelemetrySnapshot snapshot, long atNanos) {
    }

    private final String ownerId;
    private final TelemetrySink sink;
    private final TelemetryBroadcaster broadcaster;
    private final TelemetryStore store;
    private final Vertx vertx;
    private final long intervalNanos;

    // All state is guarded by "this"; snapshots arrive on any event-loop thread.
    private final Map<UUID, TelemetrySnapshot> pending = new HashMap<>();
    private final Map<UUID, Sent> sent = new HashMap<>();
    private Runnable unsubscribe;
    private int inFlight;
    private long timer = -1;
    private boolean closed;

    TelemetrySubscription(String ownerId, TelemetrySink sink, TelemetryBroadcaster broadcaster, TelemetryStore store,
            Vertx vertx, java.time.Duration interval) {
        this.ownerId = ownerId;
        this.sink = sink;
        this.broadcaster = broadcaster;
        this.store = store;
        this.vertx = vertx;
        this.intervalNanos = interval.toNanos();
    }

    /** Live first, then the stored latest snapshots: whichever is newer per vehicle wins, nothing is missed. */
    void start() {
        Runnable cancel = broadcaster.subscribe(ownerId, this::offer);
        synchronized (this) {
            unsubscribe = cancel;
            if (closed) {
                cancel.run();
                return;
            }
        }
        store.latestOfOwner(ownerId).subscribe().with(
                snapshots -> snapshots.forEach(this::offer),
                failure -> LOG.warnf("Cannot read the latest telemetry of %s: %s", ownerId, failure.getMessage()));
    }

    public void close() {
        Runnable cancel;
        long pendingTimer;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            cancel = unsubscribe;
            pendingTimer = timer;
            timer = -1;
        }
        if (cancel != null) {
            cancel.run();
        }
        if (pendingTimer >= 0) {
            vertx.cancelTimer(pendingTimer);
        }
    }

    /** Keeps the snapshot if it is the newest known for its vehicle, then sends what is due. */
    void offer(TelemetrySnapshot snapshot) {
        synchronized (this) {
            if (closed) {
                return;
            }
            UUID vehicle = snapshot.vehicleId();
            Sent last = sent.get(vehicle);
            if ((last != null && !snapshot.newerThan(last.snapshot())) || !snapshot.newerThan(pending.get(vehicle))) {
                return;
            }
            pending.put(vehicle, snapshot);
        }
        flush();
    }

    /** Sends every pending snapshot whose vehicle's interval has passed, unless a send is still in flight. */
    private void flush() {
        List<TelemetrySnapshot> due = new ArrayList<>();
        synchronized (this) {
            if (closed || inFlight > 0 || pending.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            long nextDue = Long.MAX_VALUE;
            for (Iterator<TelemetrySnapshot> it = pending.values().iterator(); it.hasNext(); ) {
                TelemetrySnapshot snapshot = it.next();
                Sent last = sent.get(snapshot.vehicleId());
                long dueAt = last == null ? now : last.atNanos() + intervalNanos;
                if (dueAt <= now) {
                    it.remove();
                    sent.put(snapshot.vehicleId(), new Sent(snapshot, now));
                    due.add(snapshot);
                } else {
                    nextDue = Math.min(nextDue, dueAt);
                }
            }
            inFlight += due.size();
            if (due.isEmpty() && nextDue != Long.MAX_VALUE && timer < 0) {
                long delayMs = Math.max(1, (nextDue - now + 999_999) / 1_000_000);
                timer = vertx.setTimer(delayMs, id -> {
                    synchronized (this) {
                        timer = -1;
                    }
                    flush();
                });
            }
        }
        // Outside the lock: a sink may complete synchronously and re-enter done().
        for (TelemetrySnapshot snapshot : due) {
            sink.sendTelemetry(snapshot).subscribe().with(ok -> done(), this::failed);
        }
    }

    private void done() {
        synchronized (this) {
            inFlight--;
            if (inFlight > 0) {
                return;
            }
        }
        flush();
    }

    private void failed(Throwable failure) {
        LOG.debugf("Telemetry send to a subscriber of %s failed: %s", ownerId, failure.getMessage());
        close();
    }
}
