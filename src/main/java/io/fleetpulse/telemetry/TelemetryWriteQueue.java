package io.fleetpulse.telemetry;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.DatabaseErrors;
import io.fleetpulse.error.ProblemException;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Group commit for telemetry ingest: requests that arrive while earlier writes are in flight leave together,
 * in one statement and one commit ({@link TelemetryStore#write}), so trackers posting one reading each cost
 * a few commits per second, not one per reading. An idle replica writes each request at once (no added
 * delay). A full queue refuses with 503 and Retry-After instead of growing. All state lives on one Vert.x
 * context: no locks.
 */
@Startup // created on the main thread, so that its context is an event loop of its own, not a request's
@ApplicationScoped
public class TelemetryWriteQueue {

    /** One request's share of a write: which of its readings were kept, how many latest snapshots moved. */
    public record Outcome(BitSet kept, int latestUpdated) {
    }

    private static final class Request {
        final String ownerId;
        final List<TelemetryReading> readings;
        final UniEmitter<? super Outcome> emitter;
        final Context caller;

        Request(String ownerId, List<TelemetryReading> readings, UniEmitter<? super Outcome> emitter, Context caller) {
            this.ownerId = ownerId;
            this.readings = readings;
            this.emitter = emitter;
            this.caller = caller;
        }

        void complete(Outcome outcome) {
            onCaller(() -> emitter.complete(outcome));
        }

        void fail(Throwable failure) {
            onCaller(() -> emitter.fail(failure));
        }

        /** Back on the request's own context, so the rest of the request runs where it started. */
        private void onCaller(Runnable action) {
            if (caller == null) {
                action.run();
            } else {
                caller.runOnContext(ignored -> action.run());
            }
        }
    }

    private final TelemetryStore store;
    private final Event<TelemetryStored> stored;
    private final Context context;
    private final int maxReadingsPerWrite;
    private final int maxConcurrentWrites;
    private final int maxQueuedReadings;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private int queuedReadings;
    private int inFlight;

    TelemetryWriteQueue(TelemetryStore store, Event<TelemetryStored> stored, Vertx vertx, FleetPulseConfig config) {
        this.store = store;
        this.stored = stored;
        this.context = vertx.getOrCreateContext();
        FleetPulseConfig.Telemetry telemetry = config.telemetry();
        this.maxReadingsPerWrite = telemetry.maxBatchSize();
        this.maxConcurrentWrites = telemetry.ingest().maxConcurrentWrites();
        this.maxQueuedReadings = telemetry.ingest().maxQueuedReadings();
    }

    /**
     * Stores the readings (already valid, with their vehicle ids) of the owner's vehicles; readings naming
     * no vehicle of the owner are not kept. Completes once they are committed.
     */
    public Uni<Outcome> write(String ownerId, List<TelemetryReading> readings) {
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            if (queuedReadings + readings.size() > maxQueuedReadings && queuedReadings > 0) {
                emitter.fail(ProblemException.unavailable("Telemetry ingest is at capacity; retry shortly"));
                return;
            }
            queue.add(new Request(ownerId, readings, emitter, caller));
            queuedReadings += readings.size();
            drain();
        }));
    }

    private void drain() {
        while (inFlight < maxConcurrentWrites && !queue.isEmpty()) {
            List<Request> group = new ArrayList<>();
            int readings = 0;
            // Whole requests only: a request's readings commit together. The first one always goes, even
            // when it alone is a full batch.
            while (!queue.isEmpty()
                    && (group.isEmpty() || readings + queue.peek().readings.size() <= maxReadingsPerWrite)) {
                Request request = queue.poll();
                group.add(request);
                readings += request.readings.size();
            }
            queuedReadings -= readings;
            inFlight++;
            writeGroup(group).subscribe().with(
                    ignored -> context.runOnContext(done -> finished()),
                    ignored -> context.runOnContext(done -> finished()));
        }
    }

    private void finished() {
        inFlight--;
        drain();
    }

    /** Never fails: every request of the group is completed or failed on its own. */
    private Uni<Void> writeGroup(List<Request> group) {
        List<TelemetryStore.Entry> entries = new ArrayList<>();
        for (Request request : group) {
            for (TelemetryReading reading : request.readings) {
                entries.add(new TelemetryStore.Entry(request.ownerId, reading));
            }
        }
        // PostgreSQL keeps microseconds; keep receivedAt equal to what a later read returns.
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return store.write(entries, receivedAt)
                .invoke(written -> complete(group, written))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (group.size() == 1 || DatabaseErrors.unavailable(failure)) {
                        group.forEach(request -> request.fail(failure));
                        return Uni.createFrom().voidItem();
                    }
                    // A data error belongs to one request, not to the others it happened to share a commit with:
                    // write each on its own, so only the faulty one fails.
                    return Uni.join().all(group.stream().map(request -> writeGroup(List.of(request))).toList())
                            .andCollectFailures().replaceWithVoid();
                });
    }

    private void complete(List<Request> group, TelemetryStore.Written written) {
        Map<String, List<TelemetrySnapshot>> movedByOwner = new LinkedHashMap<>();
        Map<UUID, TelemetrySnapshot> moved = new HashMap<>();
        for (TelemetryStore.Moved m : written.moved()) {
            moved.put(m.snapshot().vehicleId(), m.snapshot());
            movedByOwner.computeIfAbsent(m.ownerId(), owner -> new ArrayList<>()).add(m.snapshot());
        }
        // A moved snapshot is the newest kept reading of its vehicle in the statement (DISTINCT ON): credit
        // the request that sent it. Vehicle ids are unique across owners.
        Map<UUID, Integer> newest = new HashMap<>();
        List<TelemetryReading> all = new ArrayList<>();
        List<Integer> requestOf = new ArrayList<>();
        for (int r = 0; r < group.size(); r++) {
            for (TelemetryReading reading : group.get(r).readings) {
                int index = all.size();
                all.add(reading);
                requestOf.add(r);
                if (written.kept().get(index) && moved.containsKey(reading.vehicleId())) {
                    newest.merge(reading.vehicleId(), index, (a, b) ->
                            all.get(b).recordedAt().isAfter(all.get(a).recordedAt()) ? b : a);
                }
            }
        }
        int[] updated = new int[group.size()];
        newest.values().forEach(index -> updated[requestOf.get(index)]++);
        int offset = 0;
        for (int r = 0; r < group.size(); r++) {
            Request request = group.get(r);
            BitSet kept = written.kept().get(offset, offset + request.readings.size());
            offset += request.readings.size();
            request.complete(new Outcome(kept, updated[r]));
        }
        movedByOwner.forEach((owner, snapshots) -> stored.fire(new TelemetryStored(owner, snapshots)));
    }
}
