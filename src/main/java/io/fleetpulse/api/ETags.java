package io.fleetpulse.api;

import io.fleetpulse.error.ProblemException;

/** Strong ETags carry the entity version; If-Match with another version fails with 412. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The versions an If-Match header accepts, for a conditional write in one statement: null when any
     * version will do (no header, or {@code *}); tags that are not ours match nothing.
     */
    public static Long[] acceptedVersions(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        java.util.List<Long> versions = new java.util.ArrayList<>();
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return null;
            }
            if (tag.length() > 2 && tag.length() < 21 && tag.startsWith("\"") && tag.endsWith("\"")) {
                try {
                    versions.add(Long.parseLong(tag.substring(1, tag.length() - 1)));
                } catch (NumberFormatException ignored) {
                    // not one of our tags: it matches no version
                }
            }
        }
        return versions.toArray(Long[]::new);
    }

    /** Throws 412 when an If-Match header is present and names none of the current version. */
    public static void checkIfMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(of(currentVersion))) {
                return;
            }
        }
        throw ProblemException.preconditionFailed("If-Match " + ifMatch.trim() + " does not match the current version "
                + of(currentVersion));
    }
}
