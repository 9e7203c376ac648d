package io.fleetpulse.api;

import io.fleetpulse.error.ProblemException;

/** Strong ETags carry the entity version; If-Match with another version fails with 412. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
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
