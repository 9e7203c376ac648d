package io.fleetpulse.realtime.signalr;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One hub connection over plain HTTP requests (Server-Sent Events or Long Polling): the transport its
 * {@link HubSession} writes to, bound to the negotiated token and the user who opened it.
 */
abstract class HttpHubConnection implements HubTransport {

    final String token;
    final String user;
    final SecurityIdentity identity;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile HubSession session;
    private volatile Runnable onEnd = () -> { };
    private volatile long lastActive = System.currentTimeMillis();

    HttpHubConnection(String token, String user, SecurityIdentity identity) {
        this.token = token;
        this.user = user;
        this.identity = identity;
    }

    abstract String transportName();

    /** A GET of the connection after the one that opened it. */
    abstract void get(HttpServerResponse response);

    /** Whether a request of the client is outstanding (then the disconnect timeout does not run). */
    abstract boolean requestPending();

    /** Whether everything is delivered after the end, so the connection can be forgotten. */
    abstract boolean drained();

    void attach(HubSession session, Runnable onEnd) {
        this.session = session;
        this.onEnd = onEnd;
    }

    HubSession session() {
        return session;
    }

    boolean ended() {
        return ended.get();
    }

    void touch() {
        lastActive = System.currentTimeMillis();
    }

    long idleMillis() {
        return requestPending() ? 0 : System.currentTimeMillis() - lastActive;
    }

    /** The server ends the connection (after its Close record); what is still buffered is delivered. */
    @Override
    public Uni<Void> close(int code) {
        end();
        return Uni.createFrom().voidItem();
    }

    /** Ends the connection once: stops the session's feeds and gives back its place under the caps. */
    final void end() {
        if (ended.compareAndSet(false, true)) {
            HubSession current = session;
            if (current != null) {
                current.dispose();
            }
            onEnd();
            onEnd.run();
        }
    }

    /** What the transport itself does at the end (answer a pending poll, end the stream). */
    abstract void onEnd();
}
