package io.fleetpulse.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the database behind the replicas (plain JDBC, as an operator would) and checks the outbox
 * invariants of one owner against what the API answered: gapless seqs equal to {@code owners.last_seq},
 * exactly one event per committed change, none for a refused one, and a log that replays to the tables.
 */
public final class OutboxAudit implements AutoCloseable {

    /** One row of change_events. */
    public record Event(long seq, String type, JsonNode data) {
        public String id() {
            return data.path("id").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection connection;

    private OutboxAudit(Connection connection) {
        this.connection = connection;
    }

    public static OutboxAudit open() {
        Map<String, String> config = new EmbeddedPostgresResource().start();
        try {
            return new OutboxAudit(DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                    config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password")));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public List<Event> events(String ownerId) {
        List<Event> events = new ArrayList<>();
        query("SELECT seq, type, data::text FROM change_events WHERE owner_id = ? ORDER BY seq", ownerId, rows -> {
            events.add(new Event(rows.getLong(1), rows.getString(2), JSON.readTree(rows.getString(3))));
        });
        return events;
    }

    public long lastSeq(String ownerId) {
        long[] seq = {0};
        query("SELECT last_seq FROM owners WHERE id = ?", ownerId, rows -> seq[0] = rows.getLong(1));
        return seq[0];
    }

    /** Sessions of the replicas that sit inside an open transaction doing nothing. */
    public int idleInTransaction() {
        int[] count = {0};
        query("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
                + " AND ? <> ''", "x", rows -> count[0] = rows.getInt(1));
        return count[0];
    }

    /** The first column of the first row. */
    public String queryOne(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every invariant of the owner's outbox that does not hold, given the answers the API gave (empty: all hold). */
    public List<String> violations(String ownerId, List<MixedWorkload.Op> ops) {
        List<String> problems = new ArrayList<>();
        List<Event> events = events(ownerId);
        long last = lastSeq(ownerId);
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != i + 1) {
                problems.add("seq " + (i + 1) + " missing or out of place (found " + events.get(i).seq() + ")");
                break;
            }
        }
        if (events.size() != last) {
            problems.add("owners.last_seq " + last + " but " + events.size() + " events");
        }
        Map<String, Map<String, Object>> fleets = rows("SELECT id::text, version, name, "
                + "(SELECT count(*) FROM vehicles v WHERE v.fleet_id = f.id) FROM fleets f WHERE owner_id = ?", ownerId,
                "version", "name", "vehicleCount");
        Map<String, Map<String, Object>> vehicles = rows("SELECT id::text, version, fleet_id::text, status FROM vehicles "
                + "WHERE owner_id = ?", ownerId, "version", "fleetId", "status");
        Set<String> fleetIds = new HashSet<>();
        Set<String> vehicleIds = new HashSet<>();
        for (MixedWorkload.Op op : ops) {
            if (!op.ownerId().equals(ownerId)) {
                continue;
            }
            if (op.kind().startsWith("fleet.") && op.id() != null) {
                fleetIds.add(op.id());
            }
            if (op.kind().startsWith("vehicle.") && op.id() != null) {
                vehicleIds.add(op.id());
            }
            if (!op.ok()) {
                if (op.kind().equals("fleet.delete") && count(events, "FleetDeleted", op.id()) != 0) {
                    problems.add("refused " + op + " left a FleetDeleted");
                }
                continue;
            }
            String type = switch (op.kind()) {
                case "fleet.create" -> "FleetCreated";
                case "fleet.update" -> "FleetUpdated";
                case "fleet.delete" -> "FleetDeleted";
                case "vehicle.create" -> "VehicleCreated";
                case "vehicle.update" -> "VehicleUpdated";
                default -> "VehicleDeleted";
            };
            long matching = events.stream().filter(e -> e.type().equals(type) && e.id().equals(op.id())
                    && (op.version() < 0 || !type.endsWith("Updated") || e.data().path("version").asLong() == op.version()))
                    .count();
            boolean fleetUpdate = type.equals("FleetUpdated"); // vehicle changes repeat the fleet's version
            if (fleetUpdate ? matching < 1 : matching != 1) {
                problems.add(op.status() + " " + op.kind() + " " + op.id() + " has " + matching + " " + type + " events");
            }
        }
        for (String id : fleetIds) {
            long deleted = count(events, "FleetDeleted", id);
            if (fleets.containsKey(id) ? deleted != 0 : deleted != 1) {
                problems.add("fleet " + id + (fleets.containsKey(id) ? " exists" : " is gone") + " with " + deleted
                        + " FleetDeleted");
            }
            if (fleets.containsKey(id)) {
                JsonNode latest = latest(events, e -> e.type().startsWith("Fleet") && e.id().equals(id));
                Map<String, Object> row = fleets.get(id);
                if (latest == null || latest.path("version").asLong() != (Long) row.get("version")
                        || !latest.path("name").asText().equals(row.get("name"))
                        || latest.path("vehicleCount").asLong() != (Long) row.get("vehicleCount")) {
                    problems.add("fleet " + id + " is " + row + " but its last event says " + latest);
                }
            }
        }
        for (String id : vehicleIds) {
            long deleted = count(events, "VehicleDeleted", id);
            if (vehicles.containsKey(id) ? deleted != 0 : deleted != 1) {
                problems.add("vehicle " + id + (vehicles.containsKey(id) ? " exists" : " is gone") + " with " + deleted
                        + " VehicleDeleted");
            }
            if (vehicles.containsKey(id)) {
                JsonNode latest = latest(events, e -> e.type().startsWith("Vehicle") && e.id().equals(id));
                Map<String, Object> row = vehicles.get(id);
                if (latest == null || latest.path("version").asLong() != (Long) row.get("version")
                        || !latest.path("fleetId").asText().equals(row.get("fleetId"))
                        || !latest.path("status").asText().equals(row.get("status"))) {
                    problems.add("vehicle " + id + " is " + row + " but its last event says " + latest);
                }
            }
        }
        return problems;
    }

    private static long count(List<Event> events, String type, String id) {
        return events.stream().filter(e -> e.type().equals(type) && e.id().equals(id)).count();
    }

    private static JsonNode latest(List<Event> events, Predicate<Event> filter) {
        JsonNode latest = null;
        for (Event event : events) {
            if (filter.test(event)) {
                latest = event.data();
            }
        }
        return latest;
    }

    private Map<String, Map<String, Object>> rows(String sql, String ownerId, String... columns) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        query(sql, ownerId, row -> {
            Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < columns.length; i++) {
                values.put(columns[i], row.getObject(i + 2));
            }
            rows.put(row.getString(1), values);
        });
        return rows;
    }

    private interface RowReader {
        void read(ResultSet row) throws Exception;
    }

    private void query(String sql, String parameter, RowReader reader) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a read-only audit connection
        }
    }
}
