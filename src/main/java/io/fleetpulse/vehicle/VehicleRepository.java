package io.fleetpulse.vehicle;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Vehicle queries, always scoped to one owner so that another owner's ids are simply not found. Reads go
 * through Panache; each write is one SQL statement on the reactive pool, its own transaction, in which the
 * database's change triggers (V4) write the events (the vehicle's, and its fleets' new vehicleCount).
 */
@ApplicationScoped
public class VehicleRepository implements PanacheRepositoryBase<Vehicle, UUID> {

    private static final String VIN_UNIQUE = "vehicles_owner_vin_uq";
    private static final String FLEET_OF_OWNER = "vehicles_fleet_owner_fk";
    private static final String COLUMNS =
            "id, owner_id, fleet_id, vin, plate, make, model, model_year, status, version, created_at, updated_at";

    /** The fields a write sets; {@code status} and {@code fleetId} null on an update: unchanged. */
    public record Fields(UUID fleetId, String vin, String plate, String make, String model, int year,
            VehicleStatus status) {
    }

    private final Pool pool;

    VehicleRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a vehicle through {@code client}; 404 when the fleet is not the owner's, 409 when the VIN is taken. */
    public Uni<VehicleSummary> insert(SqlClient client, String ownerId, Fields fields) {
        return client.preparedQuery("INSERT INTO vehicles (owner_id, fleet_id, vin, plate, make, model, model_year, "
                        + "status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(ownerId, fields.fleetId(), fields.vin(), fields.plate(),
                        fields.make(), fields.model(), fields.year(), fields.status().name())))
                .onFailure().transform(failure -> translate(failure, fields,
                        () -> ProblemException.notFound("Fleet", fields.fleetId())))
                .map(VehicleRepository::single);
    }

    /**
     * Updates a vehicle if its version is one of {@code ifMatch} (null: any) and equals {@code version}
     * (null: any); null when no row matched. A different fleet moves it (400 when not the owner's).
     */
    public Uni<VehicleSummary> update(String ownerId, UUID id, Fields fields, Long[] ifMatch, Long version) {
        return pool.preparedQuery("UPDATE vehicles SET fleet_id = COALESCE($3, fleet_id), vin = $4, plate = $5, "
                        + "make = $6, model = $7, model_year = $8, status = COALESCE($9, status) "
                        + "WHERE id = $1 AND owner_id = $2 AND ($10::bigint[] IS NULL OR version = ANY($10)) "
                        + "AND ($11::bigint IS NULL OR version = $11) RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, ownerId, fields.fleetId(), fields.vin(),
                        fields.plate(), fields.make(), fields.model(), fields.year(),
                        fields.status() == null ? null : fields.status().name(), ifMatch, version)))
                .onFailure().transform(failure -> translate(failure, fields,
                        () -> ProblemException.badRequest("fleetId", "does not name a fleet of this owner")))
                .map(VehicleRepository::single);
    }

    /** Deletes a vehicle; false when no row matched. */
    public Uni<Boolean> delete(String ownerId, UUID id, Long[] ifMatch) {
        return pool.preparedQuery("DELETE FROM vehicles WHERE id = $1 AND owner_id = $2 "
                        + "AND ($3::bigint[] IS NULL OR version = ANY($3))")
                .execute(Tuple.of(id, ownerId, ifMatch))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The current version of a vehicle of the owner, or null when there is none. */
    public Uni<Long> version(String ownerId, UUID id) {
        return pool.preparedQuery("SELECT version FROM vehicles WHERE id = $1 AND owner_id = $2")
                .execute(Tuple.of(id, ownerId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    private static Throwable translate(Throwable failure, Fields fields,
            java.util.function.Supplier<ProblemException> noSuchFleet) {
        if (DatabaseErrors.violation(failure, DatabaseErrors.UNIQUE_VIOLATION, VIN_UNIQUE).isPresent()) {
            return ProblemException.conflict("vin", "A vehicle with VIN " + fields.vin() + " already exists");
        }
        if (DatabaseErrors.violation(failure, DatabaseErrors.FOREIGN_KEY_VIOLATION, FLEET_OF_OWNER).isPresent()) {
            return noSuchFleet.get();
        }
        return failure;
    }

    private static VehicleSummary single(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new VehicleSummary(row.getUUID(0), row.getString(1), row.getUUID(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getInteger(7), VehicleStatus.valueOf(row.getString(8)),
                row.getLong(9), row.getOffsetDateTime(10).toInstant(), row.getOffsetDateTime(11).toInstant(), null);
    }

    public Uni<Vehicle> findOwned(String ownerId, UUID id) {
        return find("id = :id and ownerId = :ownerId", Map.of("id", id, "ownerId", ownerId))
                .firstResult();
    }

    /** A page of the owner's vehicles, optionally of one fleet and one status, sorted by VIN. */
    public Uni<List<Vehicle>> listOwned(String ownerId, UUID fleetId, VehicleStatus status, int pageIndex, int size) {
        Filter filter = Filter.of(ownerId, fleetId, status);
        return find(filter.query + " order by vin, id", filter.params).page(Page.of(pageIndex, size)).list();
    }

    public Uni<Long> countOwned(String ownerId, UUID fleetId, VehicleStatus status) {
        Filter filter = Filter.of(ownerId, fleetId, status);
        return count(filter.query, filter.params);
    }


    private record Filter(String query, Map<String, Object> params) {
        static Filter of(String ownerId, UUID fleetId, VehicleStatus status) {
            StringBuilder query = new StringBuilder("ownerId = :ownerId");
            Map<String, Object> params = new HashMap<>();
            params.put("ownerId", ownerId);
            if (fleetId != null) {
                query.append(" and fleetId = :fleetId");
                params.put("fleetId", fleetId);
            }
            if (status != null) {
                query.append(" and status = :status");
                params.put("status", status);
            }
            return new Filter(query.toString(), params);
        }
    }
}
