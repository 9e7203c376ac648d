package io.fleetpulse.error;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** A failure the API reports to its caller as a problem detail with a given status. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for a Retry-After header, or null for none. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 503 with Retry-After: 1, for a temporary shortage the client should simply retry. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(Status.SERVICE_UNAVAILABLE, detail), 1);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(Status.NOT_FOUND, what + " " + id + " does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(Status.CONFLICT, detail));
    }

    public static ProblemException conflict(String field, String detail) {
        return new ProblemException(Problem.withFields(Status.CONFLICT, detail, List.of(new Problem.FieldError(field, detail))));
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(Problem.of(Status.PRECONDITION_FAILED, detail));
    }

    public static ProblemException badRequest(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    /** 400 naming every invalid field ({@link Problem#invalidFields}). */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.invalidFields(errors));
    }
}
