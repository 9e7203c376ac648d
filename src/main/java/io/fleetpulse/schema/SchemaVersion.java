package io.fleetpulse.schema;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/** A Flyway schema version ("3", "2.1"): dot-separated numbers, ordered part by part as Flyway orders them. */
public record SchemaVersion(String text) implements Comparable<SchemaVersion> {

    private static final Pattern FORMAT = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    public SchemaVersion {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a Flyway version: " + text);
        }
    }

    /** The highest of the given versions, if any. */
    public static Optional<SchemaVersion> highest(Collection<SchemaVersion> versions) {
        return versions.stream().max(Comparator.naturalOrder());
    }

    /** Whether a database at this version has everything a binary expecting {@code expected} needs. */
    public boolean satisfies(SchemaVersion expected) {
        return compareTo(expected) >= 0;
    }

    @Override
    public int compareTo(SchemaVersion other) {
        String[] mine = text.split("\\.");
        String[] theirs = other.text.split("\\.");
        for (int i = 0; i < Math.max(mine.length, theirs.length); i++) {
            int c = part(mine, i).compareTo(part(theirs, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Missing trailing parts count as 0 (Flyway: 1 == 1.0); BigInteger because dates like 20261202 are common. */
    private static BigInteger part(String[] parts, int i) {
        return i < parts.length ? new BigInteger(parts[i]) : BigInteger.ZERO;
    }

    @Override
    public String toString() {
        return text;
    }
}
