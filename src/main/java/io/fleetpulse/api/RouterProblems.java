package io.fleetpulse.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Answers a problem from a Vert.x route, before JAX-RS (and its exception mappers) ever sees the request. */
final class RouterProblems {

    private RouterProblems() {
    }

    /** Ends the exchange with {@code problem} and closes the connection (the body, if any, is left unread). */
    static void endWith(RoutingContext context, Problem problem, ObjectMapper json) {
        String body;
        try {
            body = json.writeValueAsString(problem.withInstance(context.request().path()));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
