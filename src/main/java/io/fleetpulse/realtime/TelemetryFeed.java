package io.fleetpulse.realtime;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.telemetry.TelemetryStore;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens per-connection, protocol-neutral telemetry feeds; wire adapters use it next to {@link ChangeFeed}.
 * Telemetry is state outside the change-feed seq order: a feed starts with the current latest snapshot
 * of every vehicle of the owner, then follows conflated updates.
 */
@ApplicationScoped
public class TelemetryFeed {

    private final TelemetryBroadcaster broadcaster;
    private final TelemetryStore store;
    private final Vertx vertx;
    private final FleetPulseConfig config;

    TelemetryFeed(TelemetryBroadcaster broadcaster, TelemetryStore store, Vertx vertx, FleetPulseConfig config) {
        this.broadcaster = broadcaster;
        this.store = store;
        this.vertx = vertx;
        this.config = config;
    }

    /** The caller must have authorized the owner; close the subscription when the connection closes. */
    public TelemetrySubscription open(String ownerId, TelemetrySink sink) {
        TelemetrySubscription subscription = new TelemetrySubscription(ownerId, sink, broadcaster, store, vertx,
                config.telemetry().pushInterval());
        subscription.start();
        return subscription;
    }
}
