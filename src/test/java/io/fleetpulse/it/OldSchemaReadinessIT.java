package io.fleetpulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Black-box: a replica started against a schema older than its build expects (or an unmigrated database)
 * stays not ready and says what is missing, and becomes ready once the migrate step has run.
 */
class OldSchemaReadinessIT {

    @Test
    void servingAgainstAnOlderSchemaStaysNotReadyUntilTheMigrateStepRuns() throws Exception {
        List<String> versions = MigrateStepIT.migrationFiles();
        String expected = versions.get(versions.size() - 1);
        String older = versions.get(versions.size() - 2);
        String database = PackagedApp.freshDatabase();
        // The previous release's schema: every migration but the newest.
        Flyway.configure().dataSource(PackagedApp.jdbcUrl(database), PackagedApp.user(), PackagedApp.password())
                .locations("filesystem:src/main/resources/db/migration").target(older).load().migrate();

        try (PackagedApp app = PackagedApp.serve(database)) {
            // DOWN with the reason: polled until the check has answered about the database (not "cannot read").
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> ready = app.get("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"current\": \"" + older + "\"", "\"expected\": \"" + expected + "\"");
            });
            assertThat(app.output()).contains("Not ready: database schema at version " + older
                    + ", this build needs " + expected + ": migrations after " + older + " are missing");
            // Still serving liveness: Kubernetes must not restart it, only keep traffic away.
            assertThat(app.get("/q/health/live").statusCode()).isEqualTo(200);

            try (PackagedApp migrate = PackagedApp.migrate(database)) {
                assertThat(migrate.process.exitValue()).as(migrate.output()).isZero();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.get("/q/health/ready").statusCode() == 200);
            assertThat(app.output()).contains("Ready: database schema at version " + expected);
        }
    }

    @Test
    void servingAgainstAnUnmigratedDatabaseStaysNotReady() {
        String database = PackagedApp.freshDatabase();
        try (PackagedApp app = PackagedApp.serve(database)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> ready = app.get("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"current\": \"none\"", "database not migrated");
            });
            assertThat(app.output()).contains("Not ready: database not migrated (no Flyway history table)");
        }
    }
}
