package io.fleetpulse.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer for tests that can break the network: every new connection goes to the current backend,
 * {@link #dropAll()} cuts every connection under way (both sides, no close handshake: what a proxy restart or a
 * lost mobile link does to a WebSocket), {@link #cutClientSides()} cuts only the client's side, and
 * {@link #route(int)} sends later connections to another backend.
 */
public final class TcpProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final NetClient client = vertx.createNetClient();
    private final List<Integer> backends;
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private final NetServer server;

    public TcpProxy(List<Integer> backendPorts) throws Exception {
        this.backends = List.copyOf(backendPorts);
        this.server = vertx.createNetServer().connectHandler(this::accept).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Sends connections opened from now on to the backend at {@code index}. */
    public void route(int index) {
        current.set(index);
        alternate = false;
    }

    /** Sends each new connection to the next backend in turn (a Service without session affinity). */
    public void alternate() {
        alternate = true;
    }

    private volatile boolean alternate;

    private int next() {
        return alternate ? Math.floorMod(current.getAndIncrement(), backends.size()) : current.get();
    }

    /** Cuts every connection under way. */
    public void dropAll() {
        for (NetSocket socket : List.copyOf(open)) {
            socket.close();
        }
    }

    /**
     * Cuts the client's side of every connection under way and leaves the backend's side open, silently taking
     * whatever the backend still writes: a lost mobile path or a NAT that forgot the flow, which the client
     * notices (its socket closes) and the server does not, so the client's next connection arrives while the
     * server still holds the old one.
     */
    public void cutClientSides() {
        for (Pair pair : List.copyOf(pairs)) {
            pair.blackHoled().set(true);
            pair.in().close();
        }
    }

    /** One proxied connection: the client's socket, the backend's, and whether the client side was cut alone. */
    private record Pair(NetSocket in, NetSocket out, AtomicBoolean blackHoled) {
    }

    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();

    private void accept(NetSocket in) {
        accepted.incrementAndGet();
        in.pause();
        open.add(in);
        client.connect(backends.get(next()), "127.0.0.1").onSuccess(out -> {
            open.add(out);
            Pair pair = new Pair(in, out, new AtomicBoolean());
            pairs.add(pair);
            // Plain handlers rather than pipes: a pipe ends its destination when its source ends, and a cut client
            // side must leave the backend's socket open.
            in.handler(out::write);
            out.handler(data -> {
                if (!pair.blackHoled().get()) {
                    in.write(data);
                }
            });
            in.closeHandler(x -> {
                open.remove(in);
                if (!pair.blackHoled().get()) {
                    out.close();
                }
            });
            out.closeHandler(x -> {
                open.remove(out);
                pairs.remove(pair);
                in.close();
            });
            in.resume();
        }).onFailure(failure -> {
            open.remove(in);
            in.close();
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
