package io.fleetpulse.realtime.signalr;

import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.realtime.ChangeFeed;
import io.fleetpulse.realtime.FeedSink;
import io.fleetpulse.realtime.FeedSubscription;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.realtime.TelemetrySink;
import io.fleetpulse.realtime.TelemetrySubscription;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The owner groups one hub connection has joined: per group an ordered change feed and conflated telemetry,
 * written through the connection's transport. Guarded by "this": a join completing after the connection
 * closed must not leave a subscription behind.
 */
final class HubGroups {

    /** One joined owner group: its ordered change feed and its conflated telemetry, written through its sink. */
    private record Group(FeedSubscription feed, TelemetrySubscription telemetry, GroupSink sink) {
        void close() {
            feed.close();
            telemetry.close();
        }
    }

    private final ChangeFeed feed;
    private final TelemetryFeed telemetry;
    private final HubEvents events;
    private final Function<String, Uni<Void>> write;
    private final Consumer<FeedSink.Stop> onStop;
    private final Map<String, Group> groups = new HashMap<>();
    private boolean disposed;

    HubGroups(ChangeFeed feed, TelemetryFeed telemetry, HubEvents events, Function<String, Uni<Void>> write,
            Consumer<FeedSink.Stop> onStop) {
        this.feed = feed;
        this.telemetry = telemetry;
        this.events = events;
        this.write = write;
        this.onStop = onStop;
    }

    /** The position of a joined group, or null when the owner's group is not joined. */
    synchronized Long position(String ownerId) {
        Group joined = groups.get(ownerId);
        return joined == null ? null : joined.feed().position();
    }

    synchronized int size() {
        return groups.size();
    }

    /**
     * Joins the owner's group from {@code from}; answers the position the client follows from (a group
     * joined meanwhile keeps its own), or null when the connection is closing.
     */
    synchronized Long join(String ownerId, long from) {
        if (disposed) {
            return null;
        }
        Group joined = groups.get(ownerId);
        if (joined != null) {
            return joined.feed().position();
        }
        GroupSink sink = new GroupSink(ownerId, from);
        groups.put(ownerId, new Group(feed.open(ownerId, from, sink), telemetry.open(ownerId, sink), sink));
        return from;
    }

    /**
     * The last seq of each joined group that went out through the connection's write (stateful reconnect
     * continues each feed after it). Taken from the sinks, not the feeds, so that it always matches what was
     * written, whichever thread wrote it.
     */
    synchronized Map<String, Long> written() {
        Map<String, Long> positions = new HashMap<>();
        groups.forEach((ownerId, group) -> positions.put(ownerId, group.sink().written));
        return positions;
    }

    /** Leaves the owner's group; leaving a group not joined is fine. */
    void leave(String ownerId) {
        Group group;
        synchronized (this) {
            group = groups.remove(ownerId);
        }
        if (group != null) {
            group.close();
        }
    }

    /**
     * Stateful reconnect: ends the groups as {@link #dispose()} does and, under the lock every group write takes,
     * hands the last seq written of each group to {@code capture} (which records the connection's state), so
     * that no write falls between the two.
     */
    <T> T seal(java.util.function.Function<Map<String, Long>, T> capture) {
        T state;
        List<Group> all;
        synchronized (this) {
            state = capture.apply(written());
            disposed = true;
            all = List.copyOf(groups.values());
            groups.clear();
        }
        all.forEach(Group::close);
        return state;
    }

    synchronized boolean disposed() {
        return disposed;
    }

    /** The connection has closed: stops every group's feed; later joins are refused. */
    void dispose() {
        List<Group> all;
        synchronized (this) {
            disposed = true;
            all = List.copyOf(groups.values());
            groups.clear();
        }
        all.forEach(Group::close);
    }

    /** Writes one owner group's feed and telemetry as hub invocations (see {@link HubEvents}). */
    private final class GroupSink implements FeedSink, TelemetrySink {
        private final String ownerId;
        /** The seq the feed started after, then the last one written; guarded by HubGroups.this. */
        private long written;

        GroupSink(String ownerId, long from) {
            this.ownerId = ownerId;
            this.written = from;
        }

        @Override
        public Uni<Void> send(ChangeEvent event) {
            // Failures propagate: the subscription then closes, as it must when the connection is gone.
            try {
                String record = events.change(event);
                synchronized (HubGroups.this) {
                    // Written and recorded under one lock: written() never names an event that did not go out.
                    if (disposed) {
                        return Uni.createFrom().failure(new IllegalStateException("The connection has closed"));
                    }
                    Uni<Void> sent = write.apply(record);
                    written = event.seq();
                    return sent;
                }
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }

        @Override
        public Uni<Void> sendTelemetry(TelemetrySnapshot snapshot) {
            try {
                return write.apply(events.telemetry(ownerId, snapshot));
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }

        @Override
        public Uni<Void> resync(long seq) {
            String record = events.resync(ownerId, seq);
            synchronized (HubGroups.this) {
                if (disposed) {
                    return Uni.createFrom().failure(new IllegalStateException("The connection has closed"));
                }
                Uni<Void> sent = write.apply(record);
                written = seq;
                return sent;
            }
        }

        @Override
        public void stop(Stop reason) {
            synchronized (HubGroups.this) {
                groups.remove(ownerId);
            }
            onStop.accept(reason);
        }
    }
}
