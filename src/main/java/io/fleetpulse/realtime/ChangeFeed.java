package io.fleetpulse.realtime;

import io.fleetpulse.changes.ChangeLogReader;
import io.fleetpulse.config.FleetPulseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens per-connection feeds; the one entry point of every wire protocol adapter. */
@ApplicationScoped
public class ChangeFeed {

    private final ChangeBroadcaster broadcaster;
    private final ChangeLogReader log;
    private final FleetPulseConfig config;
    private final RealtimeMetrics metrics;
    private final Vertx vertx;

    ChangeFeed(ChangeBroadcaster broadcaster, ChangeLogReader log, FleetPulseConfig config, RealtimeMetrics metrics,
            Vertx vertx) {
        this.broadcaster = broadcaster;
        this.log = log;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    /**
     * Follows an owner's changes: after {@code since} when given (replayed from the log, or a Resync when
     * that history is gone), otherwise from now. The caller must have authorized the owner. Call it on the
     * connection's context: the feed runs there.
     */
    public FeedSubscription open(String ownerId, Long since, FeedSink sink) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        FeedSubscription subscription = new FeedSubscription(ownerId, sink, broadcaster, log, config.realtime(), metrics,
                context);
        subscription.start(since);
        return subscription;
    }

    /** The owner's current seq: where a feed opened now without {@code since} starts. */
    public Uni<Long> currentSeq(String ownerId) {
        return log.currentSeq(ownerId);
    }
}
