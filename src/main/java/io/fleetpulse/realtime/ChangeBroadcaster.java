package io.fleetpulse.realtime;

import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.changes.ChangeLogReader;
import io.fleetpulse.config.FleetPulseConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.netty.channel.EventLoop;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jboss.logging.Logger;

/**
 * Fan-out of committed events to this replica's connections: one log read per owner per replica serves all
 * of that owner's connections here. Commits arrive as hints ("owner reached seq", from NOTIFY); the events
 * themselves always come from the log, in seq order, so a hint beyond the log costs one read and nothing else.
 * All state lives on one Vert.x context, so it needs no locks.
 */
@Startup // created on the main thread, so that its context is an event loop of its own, not a request's
@ApplicationScoped
public class ChangeBroadcaster {

    /**
     * Receives an owner's events in seq order, on the event-loop thread of {@link #context()} (not necessarily
     * with that context current): the listeners of one event loop share one task per read.
     */
    public interface Listener {
        void onEvents(List<ChangeEvent> events);

        /** The context the listener runs on. */
        Context context();
    }

    private static final Logger LOG = Logger.getLogger(ChangeBroadcaster.class);
    private static final long RETRY_AFTER_FAILURE_MS = 1000;

    /**
     * The log position this replica has published up to for one owner, and who listens, by event loop: a
     * read is handed to each loop once, as one task, instead of one task per connection.
     */
    private static final class Tail {
        final Map<EventLoop, Set<Listener>> listeners = new HashMap<>();
        final List<UniEmitter<? super Void>> starting = new ArrayList<>(); // follows waiting for the first seq
        long known = -1; // unknown until the first read of the owner's seq
        long hinted;
        long hints; // hints above known received, so a read can tell whether one came while it ran
        boolean reading;

        void add(Listener listener) {
            listeners.computeIfAbsent(loopOf(listener.context()), loop -> new CopyOnWriteArraySet<>()).add(listener);
        }

        /** Whether the listener was there; drops its loop's set when it was the last one there. */
        boolean remove(Listener listener) {
            EventLoop loop = loopOf(listener.context());
            Set<Listener> onLoop = listeners.get(loop);
            if (onLoop == null || !onLoop.remove(listener)) {
                return false;
            }
            if (onLoop.isEmpty()) {
                listeners.remove(loop);
            }
            return true;
        }
    }

    // Vert.x has no public accessor for a context's event loop; ContextInternal is what Quarkus uses, too.
    private static EventLoop loopOf(Context context) {
        return ((ContextInternal) context).nettyEventLoop();
    }

    private final ChangeLogReader log;
    private final RealtimeMetrics metrics;
    private final Vertx vertx;
    private final int pageSize;
    private final Context context;
    private final Map<String, Tail> tails = new HashMap<>();
    private volatile Set<String> followed = Set.of();

    ChangeBroadcaster(ChangeLogReader log, RealtimeMetrics metrics, Vertx vertx, FleetPulseConfig config) {
        this.log = log;
        this.metrics = metrics;
        this.vertx = vertx;
        this.pageSize = config.realtime().replayPageSize();
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Starts delivering the owner's events committed from now on; the Uni completes once the listener is
     * registered and the owner's published position is known, so a log read made after it cannot miss an
     * event that the listener will not get live.
     */
    public Uni<Void> follow(String ownerId, Listener listener) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            Tail tail = tails.get(ownerId);
            if (tail == null) {
                tail = new Tail();
                tails.put(ownerId, tail);
                followed = Set.copyOf(tails.keySet());
                initialize(ownerId, tail);
            }
            tail.add(listener);
            if (tail.known >= 0) {
                emitter.complete(null);
            } else {
                // Not before the tail knows where it starts: a window read by the feed before that could miss
                // commits that the first seq read then counts as already published (a quiet owner would wait).
                tail.starting.add(emitter);
            }
        }));
    }

    public void unfollow(String ownerId, Listener listener) {
        context.runOnContext(ignored -> {
            Tail tail = tails.get(ownerId);
            if (tail != null && tail.remove(listener) && tail.listeners.isEmpty()) {
                tails.remove(ownerId);
                followed = Set.copyOf(tails.keySet());
            }
        });
    }

    /** A commit of the owner up to {@code seq} was announced (by any replica, or any database client). */
    public void hint(String ownerId, long seq) {
        context.runOnContext(ignored -> {
            Tail tail = tails.get(ownerId);
            if (tail != null && seq > tail.known) {
                // Counted even when it is below a larger hint: that one may be forged or a catch-all, and a
                // read under way may have been made before this commit (see read()).
                tail.hints++;
                tail.hinted = Math.max(tail.hinted, seq);
                pump(ownerId, tail);
            }
        });
    }

    /** Notifications may have been missed (the LISTEN connection dropped): read every followed owner's log. */
    public void hintAll() {
        context.runOnContext(ignored -> tails.forEach((ownerId, tail) -> {
            tail.hints++;
            tail.hinted = Long.MAX_VALUE;
            pump(ownerId, tail);
        }));
    }

    /** Owners with at least one listener on this replica. */
    public Set<String> followedOwners() {
        return followed;
    }

    /** The owner's listeners on this replica, read on the broadcaster's context (tests wait on their feeds). */
    Uni<List<Listener>> listenersOf(String ownerId) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            Tail tail = tails.get(ownerId);
            emitter.complete(tail == null ? List.of()
                    : tail.listeners.values().stream().flatMap(Set::stream).toList());
        }));
    }

    private void initialize(String ownerId, Tail tail) {
        tail.reading = true;
        log.currentSeq(ownerId).subscribe().with(
                seq -> context.runOnContext(ignored -> {
                    tail.reading = false;
                    tail.known = seq;
                    tail.starting.forEach(started -> started.complete(null));
                    tail.starting.clear();
                    pump(ownerId, tail);
                }),
                failure -> context.runOnContext(ignored -> {
                    tail.reading = false;
                    tail.starting.forEach(started -> started.fail(failure)); // those feeds stop: unavailable
                    tail.starting.clear();
                    retryLater(ownerId, tail, failure);
                }));
    }

    private void pump(String ownerId, Tail tail) {
        if (tail.reading || tails.get(ownerId) != tail) {
            return;
        }
        if (tail.known < 0) {
            initialize(ownerId, tail);
            return;
        }
        if (tail.hinted <= tail.known) {
            return;
        }
        tail.reading = true;
        long hintsBefore = tail.hints;
        metrics.logRead();
        log.after(ownerId, tail.known, pageSize).subscribe().with(
                events -> context.runOnContext(ignored -> read(ownerId, tail, events, hintsBefore)),
                failure -> context.runOnContext(ignored -> {
                    tail.reading = false;
                    retryLater(ownerId, tail, failure);
                }));
    }

    private void read(String ownerId, Tail tail, List<ChangeEvent> events, long hintsBefore) {
        tail.reading = false;
        if (!events.isEmpty()) {
            tail.known = events.get(events.size() - 1).seq();
            metrics.published(events.size());
            // Each loop's listeners get the read in one task, in read order (a loop runs its tasks in order);
            // the listeners on the broadcaster's own loop get it at once.
            tail.listeners.forEach((loop, onLoop) -> {
                if (loop.inEventLoop()) {
                    deliver(onLoop, events);
                } else {
                    loop.execute(() -> deliver(onLoop, events));
                }
            });
        }
        if (events.size() < pageSize && tail.hints == hintsBefore) {
            // Everything committed when the read began is read: a hint beyond it (forged, stale, or from a log
            // that was reset) is dropped here, so it can never make anyone read again. Any hint that came while
            // reading, even one below the hint being read, may name a commit the read did not see yet: it gets
            // a read of its own.
            tail.hinted = tail.known;
        }
        pump(ownerId, tail);
    }

    private static void deliver(Set<Listener> listeners, List<ChangeEvent> events) {
        for (Listener listener : listeners) {
            try {
                listener.onEvents(events);
            } catch (RuntimeException e) {
                // One connection's failure must not keep the event from the others on its loop.
                LOG.warnf("A feed listener failed on an event: %s", e.toString());
            }
        }
    }

    private void retryLater(String ownerId, Tail tail, Throwable failure) {
        LOG.warnf("Cannot read the change log of %s (%s); trying again in %d ms", ownerId, failure.getMessage(),
                RETRY_AFTER_FAILURE_MS);
        vertx.setTimer(RETRY_AFTER_FAILURE_MS, id -> context.runOnContext(ignored -> pump(ownerId, tail)));
    }
}
