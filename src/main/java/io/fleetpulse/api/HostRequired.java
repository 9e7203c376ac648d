package io.fleetpulse.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.error.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * HTTP/1.0 allows a request without Host, but then there is no absolute URI to build a Location from: a
 * create would commit and then fail. Writes without Host are refused up front (400 problem+json) before
 * anything runs; reads work, with relative Link headers ({@link Paging}).
 */
@ApplicationScoped
public class HostRequired {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ObjectMapper json;

    HostRequired(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(context -> {
            // the request's authority: Host on HTTP/1.x, :authority on HTTP/2 (which has no Host header)
            if (context.request().authority() == null && !READS.contains(context.request().method())) {
                RouterProblems.endWith(context, Problem.of(Response.Status.BAD_REQUEST,
                        "A Host header is required for this request"), json);
                return;
            }
            context.next();
        });
    }

}
