package io.fleetpulse.telemetry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Telemetry SQL on the reactive pool (no Hibernate session, so it is safe from any context): the
 * multi-row write of history and latest snapshots, history reads and the owner's latest snapshots.
 */
@ApplicationScoped
public class TelemetryStore {

    private static final String COLUMNS = "vehicle_id, recorded_at, received_at, lat, lon, speed_kph, heading_deg, "
            + "fuel_pct, battery_pct, odometer_km, engine_on";

    /**
     * One statement, so it commits atomically: all readings go to history; per vehicle the newest one is
     * upserted into latest unless a newer snapshot is already there. DISTINCT ON ... ORDER BY vehicle_id
     * also locks latest rows in id order, so concurrent batches cannot deadlock on them. RETURNING yields
     * only the snapshots that actually moved forward: exactly what must be pushed.
     */
    private static final String WRITE = "WITH input AS ("
            + " SELECT * FROM unnest($2::uuid[], $3::timestamptz[], $4::float8[], $5::float8[], $6::float8[],"
            + " $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::bool[])"
            + " AS t(vehicle_id, recorded_at, lat, lon, speed_kph, heading_deg, fuel_pct, battery_pct, odometer_km, engine_on)"
            + "), history AS ("
            + " INSERT INTO telemetry_history (owner_id, " + COLUMNS + ")"
            + " SELECT $1, vehicle_id, recorded_at, $12, lat, lon, speed_kph, heading_deg, fuel_pct, battery_pct,"
            + " odometer_km, engine_on FROM input"
            + ") INSERT INTO telemetry_latest (owner_id, " + COLUMNS + ")"
            + " SELECT DISTINCT ON (vehicle_id) $1, vehicle_id, recorded_at, $12, lat, lon, speed_kph, heading_deg,"
            + " fuel_pct, battery_pct, odometer_km, engine_on FROM input ORDER BY vehicle_id, recorded_at DESC"
            + " ON CONFLICT (vehicle_id) DO UPDATE SET recorded_at = excluded.recorded_at,"
            + " received_at = excluded.received_at, lat = excluded.lat, lon = excluded.lon,"
            + " speed_kph = excluded.speed_kph, heading_deg = excluded.heading_deg, fuel_pct = excluded.fuel_pct,"
            + " battery_pct = excluded.battery_pct, odometer_km = excluded.odometer_km, engine_on = excluded.engine_on"
            + " WHERE excluded.recorded_at > telemetry_latest.recorded_at"
            + " RETURNING " + COLUMNS;

    private final Pool pool;

    TelemetryStore(Pool pool) {
        this.pool = pool;
    }

    /** Which of these ids are vehicles of the owner. */
    public Uni<Set<UUID>> ownedVehicles(String ownerId, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT id FROM vehicles WHERE owner_id = $1 AND id = ANY($2::uuid[])")
                .execute(Tuple.of(ownerId, ids.toArray(new UUID[0])))
                .map(rows -> {
                    Set<UUID> owned = new HashSet<>();
                    rows.forEach(row -> owned.add(row.getUUID(0)));
                    return owned;
                });
    }

    /** Stores valid readings of the owner's vehicles; returns the latest snapshots that moved forward. */
    public Uni<List<TelemetrySnapshot>> write(String ownerId, List<TelemetryReading> readings, Instant receivedAt) {
        int n = readings.size();
        UUID[] vehicle = new UUID[n];
        OffsetDateTime[] recorded = new OffsetDateTime[n];
        Double[][] numbers = new Double[7][n];
        Boolean[] engine = new Boolean[n];
        for (int i = 0; i < n; i++) {
            TelemetryReading r = readings.get(i);
            vehicle[i] = r.vehicleId();
            recorded[i] = r.recordedAt().atOffset(ZoneOffset.UTC);
            numbers[0][i] = r.lat();
            numbers[1][i] = r.lon();
            numbers[2][i] = r.speedKph();
            numbers[3][i] = r.headingDeg();
            numbers[4][i] = r.fuelPct();
            numbers[5][i] = r.batteryPct();
            numbers[6][i] = r.odometerKm();
            engine[i] = r.engineOn();
        }
        List<Object> params = new ArrayList<>(12);
        params.add(ownerId);
        params.add(vehicle);
        params.add(recorded);
        params.addAll(Arrays.asList((Object[]) numbers));
        params.add(engine);
        params.add(receivedAt.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(WRITE).execute(Tuple.from(params)).map(TelemetryStore::snapshots);
    }

    /** Whether the vehicle is one of the owner's. */
    public Uni<Boolean> ownsVehicle(String ownerId, UUID vehicleId) {
        return ownedVehicles(ownerId, Set.of(vehicleId)).map(owned -> owned.contains(vehicleId));
    }

    /** History of one vehicle, newest first: {@code from <= recordedAt < to}, both optional. */
    public Uni<List<TelemetrySnapshot>> history(String ownerId, UUID vehicleId, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
                + " FROM telemetry_history WHERE vehicle_id = $1 AND owner_id = $2");
        List<Object> params = new ArrayList<>(List.of(vehicleId, ownerId));
        if (from != null) {
            params.add(from.atOffset(ZoneOffset.UTC));
            sql.append(" AND recorded_at >= $").append(params.size());
        }
        if (to != null) {
            params.add(to.atOffset(ZoneOffset.UTC));
            sql.append(" AND recorded_at < $").append(params.size());
        }
        params.add(limit);
        sql.append(" ORDER BY recorded_at DESC, received_at DESC LIMIT $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(TelemetryStore::snapshots);
    }

    /** Every latest snapshot of the owner, in one query (what a connecting dashboard is sent first). */
    public Uni<List<TelemetrySnapshot>> latestOfOwner(String ownerId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM telemetry_latest WHERE owner_id = $1")
                .execute(Tuple.of(ownerId))
                .map(TelemetryStore::snapshots);
    }

    private static List<TelemetrySnapshot> snapshots(RowSet<Row> rows) {
        List<TelemetrySnapshot> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(new TelemetrySnapshot(row.getUUID(0), row.getOffsetDateTime(1).toInstant(),
                    row.getOffsetDateTime(2).toInstant(), row.getDouble(3), row.getDouble(4), row.getDouble(5),
                    row.getDouble(6), row.getDouble(7), row.getDouble(8), row.getDouble(9), row.getBoolean(10)));
        }
        return result;
    }
}
