package io.fleetpulse.api;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.security.AccessTokenQueryParameter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A validated page request and the headers of a paginated list: X-Total-Count and an RFC 8288 Link. */
public record Paging(int page, int size) {

    public static final String TOTAL_COUNT = "X-Total-Count";
    /** The owner's change-feed seq the list reflects: follow /ws/owners/{ownerId}?since= from it. */
    public static final String CHANGE_SEQ = "X-Change-Seq";
    /**
     * Query parameters a link sets itself, or drops (a browser socket's token must never travel on into
     * another URL, or a proxy's log): they are not copied from the request.
     */
    private static final Set<String> REBUILT = Set.of("page", "size",
            AccessTokenQueryParameter.PARAMETER);

    /** page is 0-based; size defaults to the configured page size and is capped by the maximum. */
    public static Paging of(String page, String size, FleetPulseConfig.Api limits) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Integer p = parse("page", page, 0, errors);
        Integer s = parse("size", size, limits.defaultPageSize(), errors);
        if (p != null && p < 0) {
            errors.add(new Problem.FieldError("page", "must be greater than or equal to 0"));
        }
        if (s != null && (s < 1 || s > limits.maxPageSize())) {
            errors.add(new Problem.FieldError("size", "must be between 1 and " + limits.maxPageSize()));
        } else if (p != null && s != null && p >= 0 && (long) p * s + s > Integer.MAX_VALUE) {
            // The offset page * size (and the row after the page) must fit the database's int offset.
            errors.add(new Problem.FieldError("page", "must be at most " + (Integer.MAX_VALUE / s - 1)
                    + " for size " + s));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Paging(p, s);
    }

    /** Query values arrive as text so that a non-number is a 400 naming the field, not JAX-RS's 404. */
    private static Integer parse(String field, String value, int absent, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(field, "must be an integer"));
            return null;
        }
    }

    public <T> Response.ResponseBuilder respond(List<T> items, long total, UriInfo uri) {
        List<String> links = new ArrayList<>();
        long lastPage = total == 0 ? 0 : (total - 1) / size;
        if (page > 0) {
            links.add(link(uri, 0, "first"));
            links.add(link(uri, Math.min(page - 1, lastPage), "prev"));
        }
        if (page < lastPage) {
            links.add(link(uri, page + 1, "next"));
        }
        links.add(link(uri, lastPage, "last"));
        return Response.ok(items).header(TOTAL_COUNT, total).header("Link", String.join(", ", links));
    }

    private String link(UriInfo uri, long target, String rel) {
        // The query is rebuilt rather than edited in place: removing the only parameter left "?&page=".
        return "<" + base(uri).queryParam("page", target).queryParam("size", size).build() + ">; rel=\"" + rel + "\"";
    }

    /**
     * The request URI with the query parameters a link keeps; without a Host (HTTP/1.0) there is no absolute
     * URI, and the links are then relative references (RFC 8288 allows them), built from the path and the
     * decoded query parameters.
     */
    private static UriBuilder base(UriInfo uri) {
        try {
            URI request = uri.getRequestUri();
            if (request != null && request.getHost() != null) {
                // The raw (encoded) pairs, so an "&" or a "{x}" in a value stays data, never a separator or template.
                String kept = request.getRawQuery() == null ? "" : Arrays.stream(request.getRawQuery().split("&"))
                        .filter(pair -> !pair.isEmpty() && !REBUILT.contains(nameOf(pair)))
                        .collect(Collectors.joining("&"));
                return UriBuilder.fromUri(request).replaceQuery(kept.isEmpty() ? null : kept);
            }
        } catch (RuntimeException e) {
            // no usable authority: fall through to a relative reference
        }
        UriBuilder relative = UriBuilder.fromPath(uri.getPath());
        uri.getQueryParameters().forEach((name, values) -> {
            if (!REBUILT.contains(name)) {
                relative.queryParam(name, values.toArray());
            }
        });
        return relative;
    }

    private static String nameOf(String rawPair) {
        int eq = rawPair.indexOf('=');
        return URLDecoder.decode(eq < 0 ? rawPair : rawPair.substring(0, eq), StandardCharsets.UTF_8);
    }
}
