package io.fleetpulse.schema;

import java.util.List;
import java.util.Optional;

/**
 * Pure decision of the schema readiness check: is a database whose history lists {@code applied} recent
 * enough for a binary that needs {@code expected}? A newer schema is fine (during a rolling update the old
 * replicas keep serving on the new, backward-compatible schema); an older or unmigrated one is not.
 */
public record SchemaVerdict(boolean ready, SchemaVersion expected, Optional<SchemaVersion> current, String message) {

    /** {@code applied}: the versions of the successful versioned rows of the Flyway history table. */
    public static SchemaVerdict of(SchemaVersion expected, List<SchemaVersion> applied) {
        Optional<SchemaVersion> current = SchemaVersion.highest(applied);
        if (current.isEmpty()) {
            return notMigrated(expected, "the Flyway history table lists no applied migration");
        }
        if (current.get().satisfies(expected)) {
            return new SchemaVerdict(true, expected, current,
                    "database schema at version " + current.get() + ", this build needs " + expected);
        }
        return new SchemaVerdict(false, expected, current,
                "database schema at version " + current.get() + ", this build needs " + expected
                        + ": migrations after " + current.get() + " are missing; run the migrate step of this release"
                        + " (QUARKUS_PROFILE=migrate, see k8s/README.md) before serving");
    }

    /** No history table at all: the database was never migrated. */
    public static SchemaVerdict notMigrated(SchemaVersion expected, String why) {
        return new SchemaVerdict(false, expected, Optional.empty(),
                "database not migrated (" + why + "), this build needs schema version " + expected
                        + ": run the migrate step of this release (QUARKUS_PROFILE=migrate, see k8s/README.md) before serving");
    }
}
