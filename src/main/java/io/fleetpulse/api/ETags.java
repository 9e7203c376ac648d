package io.fleetpulse.api;

import io.fleetpulse.error.ProblemException;

/** Strong ETags carry the entity version; If-Match with another version fails with 412. */
public final class ETags {

    /** The text of {@link #of}: a quoted non-negative decimal without leading zeros. */
    private static final java.util.regex.Pattern OUR_TAG = java.util.regex.Pattern.compile("\"(0|[1-9][0-9]{0,18})\"");

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
            // RFC 9110 strong comparison is of opaque strings: only the exact text of(v) names version v, so
            // "03", "+3" or " 3" name no version (Long.parseLong alone would read each of them as 3).
            if (OUR_TAG.matcher(tag).matches()) {
                try {
                    versions.add(Long.parseLong(tag.substring(1, tag.length() - 1)));
                } catch (NumberFormatException ignored) {
                    // beyond a long: not one of our tags, it matches no version
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
