package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.error.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Sends an SSE / Long Polling request of a connection another replica holds to that replica (non-blocking
 * Vert.x HttpClient) and streams its answer back, an event stream included: no sticky sessions. The owning
 * replica decides everything (authentication, Origin, ownership); a relayed request is never relayed again.
 */
@ApplicationScoped
public class HubRelay {

    /** Marks a relayed request; its value is the relaying replica's id. */
    static final String RELAYED = "X-FleetPulse-Relayed-By";

    private static final Logger LOG = Logger.getLogger(HubRelay.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade", "te",
            "trailer", "proxy-authorization", "proxy-authenticate", "content-length");

    private final HubReplicas replicas;
    private final ObjectMapper json;
    private final HttpClient client;

    HubRelay(HubReplicas replicas, ObjectMapper json, Vertx vertx) {
        this.replicas = replicas;
        this.json = json;
        // Event streams hold their connection for as long as they are open: the pool must not cap them at a handful.
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(10_000).setKeepAlive(true)
                .setIdleTimeout(60).setConnectTimeout(2_000));
    }

    /** Whether this request was already relayed once (then an unknown replica prefix is simply not found). */
    static boolean relayed(HttpServerRequest request) {
        return request.getHeader(RELAYED) != null;
    }

    void forward(RoutingContext context, String replica) {
        HttpServerRequest in = context.request();
        in.pause();
        replicas.addressOf(replica).subscribe().with(address -> {
            if (address.isEmpty()) {
                in.resume();
                notFound(context);
                return;
            }
            String target = address.get();
            int colon = target.lastIndexOf(':');
            RequestOptions options = new RequestOptions().setMethod(in.method())
                    .setHost(target.substring(0, colon)).setPort(Integer.parseInt(target.substring(colon + 1)))
                    .setURI(in.uri());
            client.request(options).onSuccess(out -> send(context, in, out, replica)).onFailure(failure -> {
                LOG.debugf("SignalR relay to replica %s failed: %s", replica, failure.getMessage());
                replicas.forget(replica);
                in.resume();
                notFound(context);
            });
        }, failure -> {
            in.resume();
            HubPostBody.problem(context, Problem.of(Response.Status.SERVICE_UNAVAILABLE, "The replica registry is unavailable"), json);
        });
    }

    private void send(RoutingContext context, HttpServerRequest in, HttpClientRequest out, String replica) {
        copy(in.headers(), out.headers());
        out.putHeader("Host", in.getHeader("Host") == null ? "" : in.getHeader("Host")); // the Origin check compares it
        out.putHeader(RELAYED, replicas.replicaId());
        if (in.getHeader("Content-Length") != null) {
            out.putHeader("Content-Length", in.getHeader("Content-Length"));
        }
        HttpServerResponse response = context.response();
        response.closeHandler(ignored -> out.reset()); // the client left: so does the stream from the other replica
        out.send(in).onSuccess(answer -> {
            response.setStatusCode(answer.statusCode());
            copy(answer.headers(), response.headers());
            String length = answer.getHeader("Content-Length");
            if (length != null) {
                response.putHeader("Content-Length", length);
            } else {
                response.setChunked(true);
            }
            answer.pipeTo(response);
        }).onFailure(failure -> {
            LOG.debugf("SignalR relay to replica %s failed: %s", replica, failure.getMessage());
            replicas.forget(replica);
            if (!response.headWritten()) {
                notFound(context);
            } else {
                response.reset();
            }
        });
    }

    /**
     * Asks {@code replica} to hand over the connection of {@code token} (see {@link HubHandover}) with the client's
     * own Authorization; its state as JSON, or empty when that replica does not have it or cannot be reached.
     */
    io.smallrye.mutiny.Uni<java.util.Optional<String>> handOver(String replica, String token, String authorization) {
        return replicas.addressOf(replica).chain(address -> {
            if (address.isEmpty()) {
                return io.smallrye.mutiny.Uni.createFrom().item(java.util.Optional.<String>empty());
            }
            String target = address.get();
            int colon = target.lastIndexOf(':');
            RequestOptions options = new RequestOptions().setMethod(io.vertx.core.http.HttpMethod.POST)
                    .setHost(target.substring(0, colon)).setPort(Integer.parseInt(target.substring(colon + 1)))
                    .setURI(HubHandover.PATH + "?id=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8))
                    .putHeader(RELAYED, replicas.replicaId()).putHeader("Authorization", authorization)
                    .setTimeout(3_000);
            return io.smallrye.mutiny.Uni.createFrom().completionStage(() -> client.request(options)
                    .compose(request -> request.send())
                    .compose(answer -> answer.statusCode() == 200
                            ? answer.body().map(body -> java.util.Optional.of(body.toString()))
                            : answer.end().map(ignored -> java.util.Optional.<String>empty()))
                    .toCompletionStage())
                    .onFailure().invoke(() -> replicas.forget(replica));
        });
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private void notFound(RoutingContext context) {
        HubPostBody.problem(context, Problem.of(Response.Status.NOT_FOUND, "No such connection; negotiate again"), json);
    }
}
