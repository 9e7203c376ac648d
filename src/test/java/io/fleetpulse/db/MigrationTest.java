package io.fleetpulse.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Flyway migrations build the whole schema on an empty database, and applying them again changes nothing. */
@QuarkusTest
class MigrationTest {

    String serverUrl;
    String user;
    String password;
    String database;

    @BeforeEach
    void freshDatabase() throws SQLException {
        Config config = ConfigProvider.getConfig();
        serverUrl = config.getValue("quarkus.datasource.jdbc.url", String.class);
        user = config.getValue("quarkus.datasource.username", String.class);
        password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        database = "migration_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(serverUrl, user, password);
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(serverUrl, user, password);
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void theMigrationsApplyOnAnEmptyDatabaseAndASecondRunIsANoOp() throws SQLException {
        String url = urlOf(database);
        Flyway flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load();

        MigrateResult first = flyway.migrate();
        assertTrue(first.success, "first migrate succeeded");
        assertTrue(first.migrationsExecuted >= 1, "first migrate executed " + first.migrationsExecuted);
        assertEquals(first.migrationsExecuted, first.migrations.size());

        try (Connection db = DriverManager.getConnection(url, user, password)) {
            List<String> tables = tables(db);
            assertTrue(tables.containsAll(List.of("owners", "fleets", "vehicles")), "tables: " + tables);
            assertEquals(first.migrationsExecuted, count(db,
                    "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
        }

        MigrateResult second = flyway.migrate();
        assertTrue(second.success, "second migrate succeeded");
        assertEquals(0, second.migrationsExecuted, "second migrate executed nothing");
        assertEquals(first.targetSchemaVersion, second.initialSchemaVersion);
        assertTrue(flyway.info().pending().length == 0, "nothing pending");
    }

    /** The same server and credentials, another database. */
    private String urlOf(String name) {
        // jdbc:postgresql://host:port/db?params -> replace the path only
        URI uri = URI.create(serverUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + name + query;
    }

    private static List<String> tables(Connection db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' "
                        + "ORDER BY table_name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static long count(Connection db, String query) throws SQLException {
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
