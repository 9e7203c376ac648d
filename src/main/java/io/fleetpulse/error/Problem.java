package io.fleetpulse.error;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An RFC 9457 problem detail; {@code errors} names each invalid field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// Native: returned inside a Response (and its nested record), whose type Quarkus cannot see at build time.
@RegisterForReflection(targets = {Problem.class, Problem.FieldError.class})
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input field and why. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(Response.StatusType status, String detail) {
        return withFields(status, detail, List.of());
    }

    /** A problem that names fields (409 on a taken name, 422 on a reused key, ...). */
    public static Problem withFields(Response.StatusType status, String detail, List<FieldError> errors) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null, errors);
    }

    /** 422: the request is well-formed but contradicts what the server holds (JAX-RS has no constant for it). */
    public static Problem unprocessable(String field, String detail) {
        return new Problem("about:blank", "Unprocessable Content", 422, detail, null,
                List.of(new FieldError(field, detail)));
    }

    /** The one 400 for invalid input, whatever found it: every invalid field, sorted by field and message. */
    public static Problem invalidFields(List<FieldError> errors) {
        List<FieldError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return withFields(Response.Status.BAD_REQUEST, "The request has invalid fields", List.copyOf(sorted));
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }
}
