import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step (run by the pom with the JDK's source launcher, no compilation): lists the Flyway versions of
 * the {@code V<version>__*.sql} files in the migration folder in a properties resource, so the serving
 * process knows which schema it needs without Flyway, JDBC or a class-path scan (a native image cannot
 * list resource folders). {@code io.fleetpulse.schema.ExpectedSchema} picks the highest.
 *
 * <p>Usage: {@code java SchemaVersionIndex.java <migration-dir> <output-properties>}
 */
public class SchemaVersionIndex {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SchemaVersionIndex <migration-dir> <output-properties>");
        }
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<String> versions;
        try (Stream<Path> files = Files.list(dir)) {
            versions = files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.'))
                    .sorted()
                    .toList();
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no versioned migrations (V<version>__<name>.sql) in " + dir);
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Generated at build time by src/build/SchemaVersionIndex.java from the migration folder\n"
                + "migrations=" + String.join(",", versions) + "\n");
        System.out.println("[schema-version-index] " + versions.size() + " versioned migrations in " + dir + ": " + versions);
    }
}
