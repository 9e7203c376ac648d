package io.fleetpulse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The pure decisions behind the schema readiness check: version order and what counts as recent enough. */
class SchemaVerdictTest {

    private static List<SchemaVersion> versions(String... texts) {
        return Stream.of(texts).map(SchemaVersion::new).toList();
    }

    @Test
    void versionsOrderPartByPartNumericallyAsFlywayDoes() {
        assertThat(new SchemaVersion("10")).isGreaterThan(new SchemaVersion("9"));
        assertThat(new SchemaVersion("1.10")).isGreaterThan(new SchemaVersion("1.9"));
        assertThat(new SchemaVersion("1.0")).isEqualByComparingTo(new SchemaVersion("1"));
        assertThat(new SchemaVersion("20261202.1")).isGreaterThan(new SchemaVersion("20261202"));
        assertThat(SchemaVersion.highest(versions("2", "10", "3"))).contains(new SchemaVersion("10"));
        assertThat(SchemaVersion.highest(List.of())).isEmpty();
    }

    @Test
    void anythingButDottedNumbersIsRejected() {
        for (String bad : new String[] {"", "v3", "3__x", "1..2", "1.a", "-1"}) {
            assertThatThrownBy(() -> new SchemaVersion(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDatabaseAtTheExpectedVersionIsReady() {
        SchemaVerdict verdict = SchemaVerdict.of(new SchemaVersion("5"), versions("1", "2", "3", "4", "5"));
        assertThat(verdict.ready()).isTrue();
        assertThat(verdict.current()).contains(new SchemaVersion("5"));
    }

    @Test
    void aNewerSchemaIsReadyBecauseOldReplicasServeOnItDuringARollingUpdate() {
        assertThat(SchemaVerdict.of(new SchemaVersion("5"), versions("1", "5", "6")).ready()).isTrue();
    }

    @Test
    void anOlderSchemaIsNotReadyAndTheMessageSaysWhatIsMissing() {
        SchemaVerdict verdict = SchemaVerdict.of(new SchemaVersion("5"), versions("1", "2", "3"));
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.message()).contains("at version 3", "needs 5", "migrations after 3 are missing",
                "QUARKUS_PROFILE=migrate");
    }

    @Test
    void anEmptyHistoryOrNoHistoryTableIsNotReady() {
        assertThat(SchemaVerdict.of(new SchemaVersion("1"), List.of()).ready()).isFalse();
        SchemaVerdict none = SchemaVerdict.notMigrated(new SchemaVersion("3"), "no Flyway history table");
        assertThat(none.ready()).isFalse();
        assertThat(none.current()).isEmpty();
        assertThat(none.message()).contains("not migrated", "needs schema version 3");
    }

    @Test
    void theExpectedVersionIsTheHighestMigrationListedAtBuildTime() {
        // The resource the build writes (pom: schema-version-index) from src/main/resources/db/migration.
        List<SchemaVersion> listed = ExpectedSchema.load(ExpectedSchema.INDEX);
        assertThat(listed).isNotEmpty();
        assertThat(new ExpectedSchema().version()).isEqualTo(SchemaVersion.highest(listed).orElseThrow());
        assertThat(new ExpectedSchema(versions("1", "10", "9")).version()).isEqualTo(new SchemaVersion("10"));
    }
}
