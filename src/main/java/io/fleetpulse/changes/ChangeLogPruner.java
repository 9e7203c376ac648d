package io.fleetpulse.changes;

import io.fleetpulse.config.FleetPulseConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Keeps the event log within its retention (age and per-owner count), off the request path. */
@ApplicationScoped
public class ChangeLogPruner {

    private static final Logger LOG = Logger.getLogger(ChangeLogPruner.class);

    private final Pool pool;
    private final FleetPulseConfig.Realtime.Retention retention;

    ChangeLogPruner(Pool pool, FleetPulseConfig config) {
        this.pool = pool;
        this.retention = config.realtime().retention();
    }

    @Scheduled(every = "${fleetpulse.realtime.retention.prune-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPrune() {
        return prune().invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("Pruned %d change events past retention", deleted);
            }
        }).replaceWithVoid();
    }

    /** Deletes events older than the maximum age, then each owner's events beyond the newest N. */
    public Uni<Long> prune() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(retention.maxAge());
        return pool.preparedQuery("DELETE FROM change_events WHERE occurred_at < $1")
                .execute(Tuple.of(cutoff))
                .chain(byAge -> pool.preparedQuery("DELETE FROM change_events c USING owners o "
                                + "WHERE c.owner_id = o.id AND c.seq <= o.last_seq - $1")
                        .execute(Tuple.of((long) retention.maxEventsPerOwner()))
                        .map(byCount -> (long) byAge.rowCount() + byCount.rowCount()));
    }
}
