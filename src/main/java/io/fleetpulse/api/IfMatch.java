package io.fleetpulse.api;

/**
 * An If-Match header as a typed value, made by the resource (Quarkus REST calls {@link #fromString}): the
 * versions a conditional write accepts in its one statement, and the 412 when the current version is none
 * of them. An absent header arrives as {@code *} (the resources' {@code @DefaultValue}): any version.
 */
public final class IfMatch {

    public static final IfMatch ANY = new IfMatch(null, "*");

    private final Long[] versions;
    private final String header;

    private IfMatch(Long[] versions, String header) {
        this.versions = versions;
        this.header = header;
    }

    public static IfMatch fromString(String header) {
        Long[] versions = ETags.acceptedVersions(header);
        return versions == null ? ANY : new IfMatch(versions, header.trim());
    }

    /** The versions it accepts, for {@code version = ANY($n)}; null when any version will do. */
    public Long[] versions() {
        return versions == null ? null : versions.clone();
    }

    /** Throws 412 unless the header accepts {@code currentVersion}. */
    public void check(long currentVersion) {
        ETags.checkIfMatch(versions == null ? null : header, currentVersion);
    }

    @Override
    public String toString() {
        return header;
    }
}
