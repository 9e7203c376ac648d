package io.fleetpulse.schema;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness stays DOWN until the database schema has reached the version this build expects, so a replica
 * never serves against an old schema (the serving process does not migrate: see k8s/README.md, "Upgrades").
 * Reads the Flyway history table over the reactive pool, without blocking; once satisfied it stays UP
 * without further queries (schemas do not go backwards), the datasource check keeps watching the connection.
 */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "Database schema version";
    private static final Logger LOG = Logger.getLogger(SchemaReadinessCheck.class);
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final String UNDEFINED_TABLE = "42P01";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final SchemaVersion expected;
    private final String query;
    private final AtomicReference<SchemaVerdict> last = new AtomicReference<>();

    SchemaReadinessCheck(Pool pool, ExpectedSchema expected,
            @ConfigProperty(name = "quarkus.flyway.table", defaultValue = "flyway_schema_history") String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("quarkus.flyway.table is not a plain table name: " + table);
        }
        this.pool = pool;
        this.expected = expected.version();
        this.query = "SELECT version FROM " + table + " WHERE success AND version IS NOT NULL";
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        SchemaVerdict known = last.get();
        if (known != null && known.ready()) {
            return Uni.createFrom().item(response(known));
        }
        return pool.query(query).execute()
                .ifNoItem().after(QUERY_TIMEOUT).fail()
                .map(rows -> {
                    List<SchemaVersion> applied = new ArrayList<>();
                    for (Row row : rows) {
                        applied.add(new SchemaVersion(row.getString(0)));
                    }
                    return SchemaVerdict.of(expected, applied);
                })
                .onFailure(SchemaReadinessCheck::undefinedTable)
                .recoverWithItem(() -> SchemaVerdict.notMigrated(expected, "no Flyway history table"))
                .onFailure().recoverWithItem(e -> new SchemaVerdict(false, expected, java.util.Optional.empty(),
                        "cannot read the schema version: " + e.getMessage()))
                .invoke(this::remember)
                .map(SchemaReadinessCheck::response);
    }

    /** Logs each new state once, not on every probe. */
    private void remember(SchemaVerdict verdict) {
        SchemaVerdict previous = last.getAndSet(verdict);
        if (previous != null && previous.message().equals(verdict.message())) {
            return;
        }
        if (verdict.ready()) {
            LOG.infof("Ready: %s", verdict.message());
        } else {
            LOG.warnf("Not ready: %s", verdict.message());
        }
    }

    private static boolean undefinedTable(Throwable e) {
        return e instanceof PgException pg && UNDEFINED_TABLE.equals(pg.getSqlState());
    }

    private static HealthCheckResponse response(SchemaVerdict verdict) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME)
                .status(verdict.ready())
                .withData("expected", verdict.expected().text())
                .withData("current", verdict.current().map(SchemaVersion::text).orElse("none"));
        if (!verdict.ready()) {
            builder.withData("reason", verdict.message());
        }
        return builder.build();
    }
}
