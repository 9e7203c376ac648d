package io.fleetpulse.changes;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the change log (written by the database triggers of V4) straight from the reactive pool: no
 * Hibernate session to share, one statement each.
 */
@ApplicationScoped
public class ChangeLogReader {

    /** The retained range of an owner's log: events {@code first..current} can be replayed. */
    public record Window(long current, Long first) {
        /** Whether every event after {@code since} is still in the log. */
        public boolean canResumeFrom(long since) {
            if (since > current) {
                return false; // a seq we never issued: the client's state is from another database
            }
            return since == current || (first != null && since >= first - 1);
        }
    }

    private final Pool pool;

    ChangeLogReader(Pool pool) {
        this.pool = pool;
    }

    /** The owner's current seq (0 before its first change); a page read after it is at least as new. */
    public Uni<Long> currentSeq(String ownerId) {
        return pool.preparedQuery("SELECT last_seq FROM owners WHERE id = $1").execute(Tuple.of(ownerId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    public Uni<Window> window(String ownerId) {
        return pool.preparedQuery("SELECT o.last_seq, (SELECT min(c.seq) FROM change_events c WHERE c.owner_id = o.id) "
                        + "FROM owners o WHERE o.id = $1")
                .execute(Tuple.of(ownerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Window(0, null);
                    }
                    Row row = rows.iterator().next();
                    return new Window(row.getLong(0), row.getLong(1));
                });
    }

    /** Up to {@code limit} events after {@code afterSeq}, in order. */
    public Uni<List<ChangeEvent>> after(String ownerId, long afterSeq, int limit) {
        return pool.preparedQuery("SELECT seq, type, occurred_at, data::text FROM change_events "
                        + "WHERE owner_id = $1 AND seq > $2 ORDER BY seq LIMIT $3")
                .execute(Tuple.of(ownerId, afterSeq, limit))
                .map(rows -> {
                    List<ChangeEvent> events = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        OffsetDateTime at = row.getOffsetDateTime(2);
                        events.add(new ChangeEvent(row.getLong(0), row.getString(1), ownerId, at.toInstant(),
                                row.getString(3)));
                    }
                    return events;
                });
    }
}
