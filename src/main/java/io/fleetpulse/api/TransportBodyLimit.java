package io.fleetpulse.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A declared body over the transport limit ({@code quarkus.http.limits.max-body-size}) is refused before
 * Vert.x does it with a bare 413: here it is 413 problem+json, like every other error. Chunked bodies never
 * get that far: {@link RequestSizeFilter}'s smaller API limits stop them while they are read.
 */
@ApplicationScoped
public class TransportBodyLimit {

    private final long max;
    private final ObjectMapper json;

    TransportBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper json) {
        this.max = max.asLongValue();
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredOver(length)) {
                // the body is not read: the connection cannot be reused
                RouterProblems.endWith(context, Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "The request body is larger than " + max + " bytes"), json);
                return;
            }
            context.next();
        });
    }

    private boolean declaredOver(String length) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // RequestSizeFilter answers a malformed Content-Length with a 400 problem
        }
    }

}
