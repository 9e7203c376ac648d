package io.fleetpulse.api;

import io.fleetpulse.error.ProblemException;
import java.util.Arrays;
import java.util.UUID;

/**
 * Typed query parameters, parsed here rather than by JAX-RS: JAX-RS answers a query value it cannot
 * convert with 404, while the API's contract is a 400 problem that names the parameter.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** The UUID in {@code value}, or null when the parameter is absent or blank. */
    public static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be a UUID");
        }
    }

    /** The integer in {@code value}, or null when the parameter is absent or blank. */
    public static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be an integer");
        }
    }

    /** The constant of {@code type} named exactly by {@code value}, or null when absent or blank. */
    public static <E extends Enum<E>> E oneOf(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
