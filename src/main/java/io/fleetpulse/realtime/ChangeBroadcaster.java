package io.fleetpulse.realtime;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * In-memory fan-out of committed events to the live subscribers of each owner (one per JVM). It does
 * not order or buffer: each {@link FeedSubscription} restores order by seq and fills gaps from the log.
 */
@ApplicationScoped
public class ChangeBroadcaster {

    private final Map<String, Set<Consumer<ChangeEvent>>> listeners = new ConcurrentHashMap<>();
    private final RealtimeMetrics metrics;

    ChangeBroadcaster(RealtimeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Live events of one owner from the moment of subscription; cancel to unsubscribe. */
    public Multi<ChangeEvent> events(String ownerId) {
        return Multi.createFrom().emitter(emitter -> {
            Consumer<ChangeEvent> listener = emitter::emit;
            listeners.computeIfAbsent(ownerId, id -> new CopyOnWriteArraySet<>()).add(listener);
            emitter.onTermination(() -> listeners.computeIfPresent(ownerId, (id, set) -> {
                set.remove(listener);
                return set.isEmpty() ? null : set;
            }));
        });
    }

    /** Another replica committed the owner's changes up to {@code seq}: subscribers read them from the log. */
    public void committedElsewhere(String ownerId, long seq) {
        Set<Consumer<ChangeEvent>> subscribers = listeners.get(ownerId);
        if (subscribers != null) {
            ChangeEvent hint = ChangeEvent.committedElsewhere(ownerId, seq);
            subscribers.forEach(listener -> listener.accept(hint));
        }
    }

    /** Owners with at least one live subscriber on this replica. */
    public Set<String> followedOwners() {
        return Set.copyOf(listeners.keySet());
    }

    /** Called after commit with the events of one transaction, in seq order. */
    public void publish(List<ChangeEvent> events) {
        for (ChangeEvent event : events) {
            metrics.published();
            Set<Consumer<ChangeEvent>> subscribers = listeners.get(event.ownerId());
            if (subscribers != null) {
                subscribers.forEach(listener -> listener.accept(event));
            }
        }
    }
}
