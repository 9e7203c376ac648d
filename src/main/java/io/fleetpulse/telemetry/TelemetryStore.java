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
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Telemetry SQL on the reactive pool (no Hibernate session, so it is safe from any context): the
 * multi-row, multi-owner write of history and latest snapshots, history reads and the owner's latest snapshots.
 */
@ApplicationScoped
public class TelemetryStore {

    private static final String COLUMNS = "vehicle_id, recorded_at, received_at, lat, lon, speed_kph, heading_deg, "
            + "fuel_pct, battery_pct, odometer_km, engine_on";

    /**
     * One statement for the readings of several requests (and owners), so it commits atomically and costs
     * one round trip: only readings naming a vehicle of their owner are kept ({@code FOR KEY SHARE}, so a
     * concurrent delete of the vehicle either waits for this commit or makes the reading rejected, never a
     * foreign-key failure); all kept readings go to history; per vehicle the newest one is upserted into
     * latest unless a newer snapshot is already there. DISTINCT ON ... ORDER BY vehicle_id also locks latest
     * rows in id order, so concurrent writes cannot deadlock on them. The result holds one row per kept
     * reading (its index, {@code kind} 'k') and one per snapshot that moved forward ({@code kind} 'l'):
     * exactly what must be pushed.
     */
    private static final String WRITE = "WITH input AS ("
            + " SELECT * FROM unnest($1::int[], $2::text[], $3::uuid[], $4::timestamptz[], $5::float8[], $6::float8[],"
            + " $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::bool[])"
            + " AS t(idx, owner_id, vehicle_id, recorded_at, lat, lon, speed_kph, heading_deg, fuel_pct, battery_pct,"
            + " odometer_km, engine_on)"
            + "), kept AS ("
            + " SELECT i.* FROM input i JOIN vehicles v ON v.id = i.vehicle_id AND v.owner_id = i.owner_id"
            + " FOR KEY SHARE OF v"
            + "), history AS ("
            + " INSERT INTO telemetry_history (owner_id, " + COLUMNS + ")"
            + " SELECT owner_id, vehicle_id, recorded_at, $13, lat, lon, speed_kph, heading_deg, fuel_pct, battery_pct,"
            + " odometer_km, engine_on FROM kept"
            + "), latest AS ("
            + " INSERT INTO telemetry_latest (owner_id, " + COLUMNS + ")"
            + " SELECT DISTINCT ON (vehicle_id) owner_id, vehicle_id, recorded_at, $13, lat, lon, speed_kph, heading_deg,"
            + " fuel_pct, battery_pct, odometer_km, engine_on FROM kept ORDER BY vehicle_id, recorded_at DESC"
            + " ON CONFLICT (vehicle_id) DO UPDATE SET recorded_at = excluded.recorded_at,"
            + " received_at = excluded.received_at, lat = excluded.lat, lon = excluded.lon,"
            + " speed_kph = excluded.speed_kph, heading_deg = excluded.heading_deg, fuel_pct = excluded.fuel_pct,"
            + " battery_pct = excluded.battery_pct, odometer_km = excluded.odometer_km, engine_on = excluded.engine_on"
            + " WHERE excluded.recorded_at > telemetry_latest.recorded_at"
            + " RETURNING owner_id, " + COLUMNS
            + ") SELECT 'l' AS kind, NULL::int AS idx, latest.* FROM latest"
            + " UNION ALL SELECT 'k', idx, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM kept";

    /** One reading to write, for its owner. */
    public record Entry(String ownerId, TelemetryReading reading) {
    }

    /** What a {@link #write} stored: the indexes of the entries kept, and the latest snapshots that moved. */
    public record Written(BitSet kept, List<Moved> moved) {
    }

    /** A latest snapshot that moved forward, with its owner. */
    public record Moved(String ownerId, TelemetrySnapshot snapshot) {
    }

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

    /**
     * Stores valid readings of any owners in one statement; entries naming no vehicle of their owner are
     * left out (not in {@link Written#kept()}).
     */
    public Uni<Written> write(List<Entry> entries, Instant receivedAt) {
        int n = entries.size();
        Integer[] index = new Integer[n];
        String[] owner = new String[n];
        UUID[] vehicle = new UUID[n];
        OffsetDateTime[] recorded = new OffsetDateTime[n];
        Double[][] numbers = new Double[7][n];
        Boolean[] engine = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Entry entry = entries.get(i);
            TelemetryReading r = entry.reading();
            index[i] = i;
            owner[i] = entry.ownerId();
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
        List<Object> params = new ArrayList<>(13);
        params.add(index);
        params.add(owner);
        params.add(vehicle);
        params.add(recorded);
        params.addAll(Arrays.asList((Object[]) numbers));
        params.add(engine);
        params.add(receivedAt.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(WRITE).execute(Tuple.from(params)).map(rows -> {
            BitSet kept = new BitSet(n);
            List<Moved> moved = new ArrayList<>();
            for (Row row : rows) {
                if ("k".equals(row.getString(0))) {
                    kept.set(row.getInteger(1));
                } else {
                    moved.add(new Moved(row.getString(2), snapshot(row, 3)));
                }
            }
            return new Written(kept, moved);
        });
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
            result.add(snapshot(row, 0));
        }
        return result;
    }

    /** The snapshot in the row's {@link #COLUMNS}, starting at column {@code at}. */
    private static TelemetrySnapshot snapshot(Row row, int at) {
        return new TelemetrySnapshot(row.getUUID(at), row.getOffsetDateTime(at + 1).toInstant(),
                row.getOffsetDateTime(at + 2).toInstant(), row.getDouble(at + 3), row.getDouble(at + 4),
                row.getDouble(at + 5), row.getDouble(at + 6), row.getDouble(at + 7), row.getDouble(at + 8),
                row.getDouble(at + 9), row.getBoolean(at + 10));
    }
}
