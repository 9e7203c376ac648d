package io.fleetpulse.realtime;

import io.fleetpulse.telemetry.TelemetrySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * In-memory fan-out of committed latest snapshots to the live telemetry subscribers of each owner (one
 * per JVM). No order, no buffer: each {@link TelemetrySubscription} keeps only the newest per vehicle.
 */
@ApplicationScoped
public class TelemetryBroadcaster {

    private final Map<String, Set<Consumer<TelemetrySnapshot>>> listeners = new ConcurrentHashMap<>();

    /** Registers a listener for one owner's snapshots; run the returned action to unsubscribe. */
    public Runnable subscribe(String ownerId, Consumer<TelemetrySnapshot> listener) {
        listeners.computeIfAbsent(ownerId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(ownerId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Called after the ingest statement committed, with the snapshots that moved forward. */
    public void publish(String ownerId, List<TelemetrySnapshot> snapshots) {
        Set<Consumer<TelemetrySnapshot>> subscribers = listeners.get(ownerId);
        if (subscribers == null) {
            return;
        }
        for (TelemetrySnapshot snapshot : snapshots) {
            subscribers.forEach(listener -> listener.accept(snapshot));
        }
    }
}
