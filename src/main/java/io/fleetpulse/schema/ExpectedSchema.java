package io.fleetpulse.schema;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The schema version this build needs: the highest versioned migration in src/main/resources/db/migration,
 * listed at build time by src/build/SchemaVersionIndex.java (the pom's schema-version-index step), so a
 * new V&lt;n&gt;__*.sql raises it without anyone editing a constant.
 */
@ApplicationScoped
public class ExpectedSchema {

    /** Written by the build into target/classes; included in the native image (application.properties). */
    static final String INDEX = "fleetpulse/schema-index.properties";

    private final SchemaVersion version;

    ExpectedSchema() {
        this(load(INDEX));
    }

    ExpectedSchema(List<SchemaVersion> migrations) {
        this.version = SchemaVersion.highest(migrations)
                .orElseThrow(() -> new IllegalStateException(INDEX + " lists no migrations"));
    }

    public SchemaVersion version() {
        return version;
    }

    static List<SchemaVersion> load(String resource) {
        Properties index = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: build with Maven (its schema-version-index step writes it)");
            }
            index.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        return Arrays.stream(index.getProperty("migrations", "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(SchemaVersion::new)
                .toList();
    }
}
