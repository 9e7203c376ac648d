package io.fleetpulse.realtime;

import io.fleetpulse.config.FleetPulseConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens per-connection feeds; the one entry point of every wire protocol adapter. */
@ApplicationScoped
public class ChangeFeed {

    private final ChangeBroadcaster broadcaster;
    private final ChangeLogReader log;
    private final FleetPulseConfig config;
    private final RealtimeMetrics metrics;

    ChangeFeed(ChangeBroadcaster broadcaster, ChangeLogReader log, FleetPulseConfig config, RealtimeMetrics metrics) {
        this.broadcaster = broadcaster;
        this.log = log;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Follows an owner's changes: after {@code since} when given (replayed from the log, or a Resync when
     * that history is gone), otherwise from now. The caller must have authorized the owner.
     */
    public FeedSubscription open(String ownerId, Long since, FeedSink sink) {
        FeedSubscription subscription = new FeedSubscription(ownerId, sink, broadcaster, log, config.realtime(), metrics);
        subscription.start(since);
        return subscription;
    }
}
