package io.fleetpulse.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A Kubernetes Service without session affinity, for tests: every HTTP request goes to the next backend in turn
 * (an event stream is streamed back as it comes). Counts the requests each backend got.
 */
public final class RoundRobinProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "te", "trailer", "content-length");

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(200).setKeepAlive(false));
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray hits;
    private final HttpServer server;

    /** Listens on a free port and sends requests alternately to the backends' ports on localhost. */
    public RoundRobinProxy(List<Integer> backendPorts) throws Exception {
        this.backends = List.copyOf(backendPorts);
        this.hits = new AtomicIntegerArray(backends.size());
        this.server = vertx.createHttpServer().requestHandler(this::forward).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    /** Requests sent to the backend at {@code index} so far. */
    public int hits(int index) {
        return hits.get(index);
    }

    private void forward(HttpServerRequest in) {
        int index = Math.floorMod(next.getAndIncrement(), backends.size());
        hits.incrementAndGet(index);
        in.pause();
        client.request(new RequestOptions().setMethod(in.method()).setHost("localhost").setPort(backends.get(index))
                .setURI(in.uri())).onSuccess(out -> {
                    copy(in.headers(), out.headers());
                    if (in.getHeader("Content-Length") != null) {
                        out.putHeader("Content-Length", in.getHeader("Content-Length"));
                    }
                    in.response().closeHandler(ignored -> out.reset());
                    out.send(in).onSuccess(answer -> {
                        in.response().setStatusCode(answer.statusCode());
                        copy(answer.headers(), in.response().headers());
                        if (answer.getHeader("Content-Length") != null) {
                            in.response().putHeader("Content-Length", answer.getHeader("Content-Length"));
                        } else {
                            in.response().setChunked(true);
                        }
                        answer.pipeTo(in.response());
                    }).onFailure(failure -> in.response().setStatusCode(502).end());
                }).onFailure(failure -> {
                    in.resume();
                    in.response().setStatusCode(502).end();
                });
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    @Override
    public void close() {
        vertx.close();
    }
}
