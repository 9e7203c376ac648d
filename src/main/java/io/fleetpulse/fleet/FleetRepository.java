package io.fleetpulse.fleet;

import io.fleetpulse.error.DatabaseErrors;
import io.fleetpulse.error.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fleet queries, always scoped to one owner so that another owner's ids are simply not found. Reads go
 * through Panache; each write is one SQL statement on the reactive pool: its own transaction, in which the
 * database's change triggers (V4) write the event. One round trip, atomic by construction.
 */
@ApplicationScoped
public class FleetRepository implements PanacheRepositoryBase<Fleet, UUID> {

    private static final String NAME_UNIQUE = "fleets_owner_name_ci_uq";
    private static final String COLUMNS = "id, owner_id, name, description, version, created_at, updated_at";

    private final Pool pool;

    FleetRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Fleet> findOwned(String ownerId, UUID id) {
        return find("id = :id and ownerId = :ownerId", Map.of("id", id, "ownerId", ownerId))
                .firstResult();
    }

    public Uni<List<Fleet>> listOwned(String ownerId, int pageIndex, int size) {
        return find("ownerId = :ownerId order by lower(name), id", Map.of("ownerId", ownerId))
                .page(Page.of(pageIndex, size)).list();
    }

    public Uni<Long> countOwned(String ownerId) {
        return count("ownerId", ownerId);
    }

    /**
     * Inserts a fleet (the owner's row too, on its first write) through {@code client} (the pool, or the
     * connection of an idempotent create's transaction); 409 when the name is taken.
     */
    public Uni<FleetSummary> insert(SqlClient client, String ownerId, String name, String description) {
        return client.preparedQuery("INSERT INTO fleets (owner_id, name, description) VALUES ($1, $2, $3) RETURNING "
                        + COLUMNS + ", 0::bigint")
                .execute(Tuple.of(ownerId, name, description))
                .onFailure().transform(failure -> nameTaken(failure, name))
                .map(FleetRepository::single);
    }

    /**
     * Renames a fleet if its version is one of {@code ifMatch} (null: any) and equals {@code version} (null:
     * any); null when no row matched (the caller tells 404 from a stale version).
     */
    public Uni<FleetSummary> update(String ownerId, UUID id, String name, String description, Long[] ifMatch,
            Long version) {
        return pool.preparedQuery("UPDATE fleets f SET name = $3, description = $4 WHERE id = $1 AND owner_id = $2 "
                        + "AND ($5::bigint[] IS NULL OR version = ANY($5)) AND ($6::bigint IS NULL OR version = $6) "
                        + "RETURNING " + COLUMNS + ", (SELECT count(*) FROM vehicles v WHERE v.fleet_id = f.id)")
                .execute(Tuple.of(id, ownerId, name, description, ifMatch, version))
                .onFailure().transform(failure -> nameTaken(failure, name))
                .map(FleetRepository::single);
    }

    /** Deletes a fleet and, by the foreign key's cascade, its vehicles; false when no row matched. */
    public Uni<Boolean> delete(String ownerId, UUID id, Long[] ifMatch) {
        return pool.preparedQuery("DELETE FROM fleets WHERE id = $1 AND owner_id = $2 "
                        + "AND ($3::bigint[] IS NULL OR version = ANY($3))")
                .execute(Tuple.of(id, ownerId, ifMatch))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The current version of a fleet of the owner, or null when there is none. */
    public Uni<Long> version(String ownerId, UUID id) {
        return pool.preparedQuery("SELECT version FROM fleets WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, ownerId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    private static Throwable nameTaken(Throwable failure, String name) {
        return DatabaseErrors.violation(failure, DatabaseErrors.UNIQUE_VIOLATION, NAME_UNIQUE)
                .<Throwable>map(pg -> ProblemException.conflict("name", "A fleet named '" + name + "' already exists"))
                .orElse(failure);
    }

    private static FleetSummary single(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new FleetSummary(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3), row.getLong(7),
                row.getLong(4), row.getOffsetDateTime(5).toInstant(), row.getOffsetDateTime(6).toInstant());
    }
}
