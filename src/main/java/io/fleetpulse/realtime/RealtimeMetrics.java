package io.fleetpulse.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** Micrometer meters of the change feed (exported at /q/metrics). */
@ApplicationScoped
public class RealtimeMetrics {

    private final AtomicInteger openSubscriptions = new AtomicInteger();
    private final Counter published;
    private final Counter delivered;
    private final Counter slowConsumerDisconnects;
    private final Counter replays;
    private final Counter replayedEvents;
    private final Counter resyncs;
    private final Counter logReads;

    RealtimeMetrics(MeterRegistry registry, OpenConnections connections) {
        // Sockets of both protocols; a hub socket may follow several owners, hence subscriptions separately.
        Gauge.builder("fleetpulse.websocket.connections", connections, open -> open.listAll().size())
                .register(registry);
        registry.gauge("fleetpulse.feed.subscriptions", openSubscriptions);
        published = registry.counter("fleetpulse.feed.events.published");
        delivered = registry.counter("fleetpulse.feed.events.delivered");
        slowConsumerDisconnects = registry.counter("fleetpulse.feed.slow.consumer.disconnects");
        replays = registry.counter("fleetpulse.feed.replays");
        replayedEvents = registry.counter("fleetpulse.feed.replayed.events");
        resyncs = registry.counter("fleetpulse.feed.resyncs");
        // The fan-out's database cost: one page read per owner per change (or burst of changes), whatever the
        // number of this replica's sockets that follow the owner.
        logReads = registry.counter("fleetpulse.feed.log.reads");
    }

    void opened() {
        openSubscriptions.incrementAndGet();
    }

    void closed() {
        openSubscriptions.decrementAndGet();
    }

    void published(int count) {
        published.increment(count);
    }

    void delivered() {
        delivered.increment();
    }

    void slowConsumer() {
        slowConsumerDisconnects.increment();
    }

    void replay() {
        replays.increment();
    }

    void replayed(int count) {
        replayedEvents.increment(count);
    }

    void resync() {
        resyncs.increment();
    }

    void logRead() {
        logReads.increment();
    }
}
