package io.fleetpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Black-box (jar, or the native executable under -Dnative): the migrate step builds the schema on an empty
 * database and exits, a second run changes nothing, and the serving process then becomes ready without
 * opening a single JDBC connection or running Flyway.
 */
class MigrateStepIT {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

    @Test
    void theMigrateStepMigratesAnEmptyDatabaseAndExitsZeroAndASecondRunIsANoOp() throws Exception {
        String database = PackagedApp.freshDatabase();

        try (PackagedApp first = PackagedApp.migrate(database)) {
            assertThat(first.process.exitValue()).as(first.output()).isZero();
            assertThat(first.output()).contains("Successfully applied " + migrationFiles().size() + " migrations");
            // Quarkus prints "Listening on: " with an empty list when no HTTP server started.
            assertThat(first.output()).doesNotContain("Listening on: http").contains("Migrate step done: exiting");
            // Its placeholder reactive URL is never dialled (application.properties, %migrate).
            assertThat(first.output()).doesNotContain("unused-by-the-migrate-step");
        }
        List<String> applied = appliedVersions(database);
        // It migrated and left: no SignalR replica registered, nothing of the serving process ran.
        assertThat(strings(database, "SELECT replica_id FROM signalr_replicas")).isEmpty();
        assertThat(applied).containsExactlyElementsOf(migrationFiles());

        try (PackagedApp second = PackagedApp.migrate(database)) {
            assertThat(second.process.exitValue()).as(second.output()).isZero();
            assertThat(second.output()).contains("is up to date. No migration necessary");
        }
        assertThat(appliedVersions(database)).isEqualTo(applied);
    }

    @Test
    void afterTheMigrateStepTheServingProcessIsReadyWithoutJdbcOrFlyway() throws Exception {
        String database = PackagedApp.freshDatabase();
        try (PackagedApp migrate = PackagedApp.migrate(database)) {
            assertThat(migrate.process.exitValue()).as(migrate.output()).isZero();
        }
        try (PackagedApp app = PackagedApp.serve(database)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> app.get("/q/health/ready").statusCode() == 200);
            assertThat(app.get("/q/health/ready").body()).contains("Database schema version");
            assertThat(app.output()).doesNotContain("org.flywaydb");
            // The reactive client names itself "vertx-pg-client"; pgJDBC would say "PostgreSQL JDBC Driver".
            assertThat(connectionClients(database)).isNotEmpty().doesNotContain("PostgreSQL JDBC Driver");
        }
    }

    /** Versions of the migration files in the source tree, in Flyway's order. */
    static List<String> migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.'))
                    .sorted(MigrateStepIT::compareVersions)
                    .toList();
        }
    }

    private static int compareVersions(String a, String b) {
        return new io.fleetpulse.schema.SchemaVersion(a).compareTo(new io.fleetpulse.schema.SchemaVersion(b));
    }

    static List<String> appliedVersions(String database) throws SQLException {
        return strings(database, "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank");
    }

    private static List<String> connectionClients(String database) throws SQLException {
        // Seen from another connection: everything else connected to this database is the application.
        return strings("postgres", "SELECT coalesce(application_name, '') FROM pg_stat_activity WHERE datname = '"
                + database + "'");
    }

    private static List<String> strings(String database, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection db = PackagedApp.jdbc(database); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
