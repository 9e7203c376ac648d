package io.fleetpulse.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns failures into application/problem+json; nothing else writes error bodies. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Unique constraints of the schema and the request field each one protects. */
    private static final Map<String, String> UNIQUE_FIELDS = Map.of(
            "fleets_owner_name_ci_uq", "name",
            "vehicles_owner_vin_uq", "vin");

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response validation(ResteasyReactiveViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidFormatException e, UriInfo uri) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            field = "body";
        }
        String message = e instanceof RejectedJsonValue rejected ? rejected.reason()
                : e.getTargetType() != null && e.getTargetType().isEnum()
                ? "must be one of " + List.of(e.getTargetType().getEnumConstants())
                : "has the wrong type or format";
        return respond(Problem.invalidFields(List.of(new Problem.FieldError(field, message))), uri);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonMappingException e, UriInfo uri) {
        // A limit or an encoding check of the body stream fails inside Jackson, which wraps it.
        ProblemException cause = problemCause(e);
        if (cause != null) {
            return respond(cause, uri);
        }
        if (e instanceof InvalidFormatException invalid) {
            return invalidValue(invalid, uri);
        }
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return respond(Problem.of(Status.BAD_REQUEST, "The request body is not valid JSON for this resource"), uri);
        }
        return respond(Problem.invalidFields(List.of(new Problem.FieldError(field, "has the wrong type or format"))), uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        ProblemException cause = problemCause(e);
        if (cause != null) {
            return respond(cause, uri);
        }
        return respond(Problem.of(Status.BAD_REQUEST, "The request body is not well-formed JSON"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // The JSON body reader reports what failed while reading (a size or encoding check) as a bare 400.
        ProblemException cause = problemCause(e);
        if (cause != null) {
            return respond(cause, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        // Framework messages are generic ("HTTP 404 Not Found"); say something useful instead.
        String detail = switch (status.getStatusCode()) {
            case 404 -> "No resource exists at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource can only answer with application/json";
            case 415 -> "Send the request body as application/json";
            case 413 -> "The request body is too large";
            case 400 -> e.getCause() instanceof JsonProcessingException
                    ? "The request body is not well-formed JSON (or repeats a key)" : "The request is invalid";
            default -> status.getReasonPhrase();
        };
        return respond(Problem.of(status, detail), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return respond(Problem.of(Status.UNAUTHORIZED, "A valid bearer token is required"), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(Status.FORBIDDEN, "This token may not access this resource"), uri);
    }

    /** Database and persistence failures arrive wrapped; look through the causes before giving up. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return respond(p, uri);
            }
            if (t instanceof StaleStateException || t instanceof OptimisticLockException) {
                return respond(Problem.of(Status.CONFLICT,
                        "The resource was changed by someone else; reload it and try again"), uri);
            }
            if (t instanceof PgException pg) {
                Response mapped = fromDatabase(pg, uri);
                if (mapped != null) {
                    return mapped;
                }
            }
        }
        if (DatabaseErrors.unavailable(e)) {
            // An outage, not a bug: the client may retry (on any replica) once the database is back.
            LOG.warnf("Database unavailable on %s: %s", uri == null ? "?" : uri.getPath(), e.getMessage());
            return respond(ProblemException.unavailable("The database is unavailable; retry shortly"), uri);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s on %s", errorId, uri == null ? "?" : uri.getPath());
        return respond(Problem.of(Status.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred (error id " + errorId + ")"), uri);
    }

    private Response fromDatabase(PgException pg, UriInfo uri) {
        String state = pg.getSqlState();
        if ("23505".equals(state)) {
            String field = UNIQUE_FIELDS.getOrDefault(pg.getConstraint(), "id");
            return respond(ProblemException.conflict(field, "A resource with this " + field + " already exists")
                    .problem(), uri);
        }
        if ("23503".equals(state)) {
            return respond(Problem.of(Status.CONFLICT, "A referenced resource no longer exists"), uri);
        }
        if ("40001".equals(state) || "40P01".equals(state)) {
            return respond(Problem.of(Status.CONFLICT, "A concurrent change got in the way; try again"), uri);
        }
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return respond(Problem.of(Status.BAD_REQUEST, "A value is out of the accepted range"), uri);
        }
        return null;
    }

    private static Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .toList();
        return respond(Problem.invalidFields(errors), uri);
    }

    /** "create.request.name" → "name", "list.size" → "size": drop the method and the body parameter. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && i < nodes.size() - 1) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && "request".equals(node.getName())) {
                parts.add("body"); // the request body itself is missing
                continue;
            }
            String name = node.getName();
            if (node.getIndex() != null && !parts.isEmpty()) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + node.getIndex() + "]");
            }
            if (name != null && !name.startsWith("<")) {
                parts.add(name);
            }
        }
        return String.join(".", parts);
    }

    private static ProblemException problemCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return (uri == null ? problem : problem.withInstance(uri.getPath())).toResponse();
    }

    private static Response respond(ProblemException e, UriInfo uri) {
        Response response = respond(e.problem(), uri);
        return e.retryAfterSeconds() == null ? response
                : Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds()).build();
    }
}
