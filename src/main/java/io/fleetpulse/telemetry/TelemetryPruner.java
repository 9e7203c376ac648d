package io.fleetpulse.telemetry;

import io.fleetpulse.config.FleetPulseConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Keeps telemetry history within its retention (by recordedAt), off the request path; latest snapshots stay. */
@ApplicationScoped
public class TelemetryPruner {

    private static final Logger LOG = Logger.getLogger(TelemetryPruner.class);

    private final Pool pool;
    private final FleetPulseConfig.Telemetry.Retention retention;

    TelemetryPruner(Pool pool, FleetPulseConfig config) {
        this.pool = pool;
        this.retention = config.telemetry().retention();
    }

    @Scheduled(every = "${fleetpulse.telemetry.retention.prune-every}", delayed = "45s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPrune() {
        return prune().invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("Pruned %d telemetry readings past retention", deleted);
            }
        }).replaceWithVoid();
    }

    /** Deletes history older than the maximum age, in batches; returns how many rows went. */
    public Uni<Long> prune() {
        return pruneOlderThan(OffsetDateTime.now(ZoneOffset.UTC).minus(retention.maxAge()), 0);
    }

    private Uni<Long> pruneOlderThan(OffsetDateTime cutoff, long deletedSoFar) {
        // Bounded deletes keep each statement short, so ingest never waits long behind pruning.
        return pool.preparedQuery("DELETE FROM telemetry_history WHERE ctid = ANY(ARRAY("
                        + "SELECT ctid FROM telemetry_history WHERE recorded_at < $1 LIMIT $2))")
                .execute(Tuple.of(cutoff, retention.deleteBatchSize()))
                .chain(rows -> {
                    long total = deletedSoFar + rows.rowCount();
                    return rows.rowCount() < retention.deleteBatchSize()
                            ? Uni.createFrom().item(total)
                            : pruneOlderThan(cutoff, total);
                });
    }
}
