package io.fleetpulse.realtime.signalr;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * The Long Polling transport: records (JSON text, or MessagePack bytes) wait in a bounded buffer until the client's next GET takes them all.
 * Per the spec: the first poll answers at once (the connection is up), a poll answers 200 with no body after
 * the poll timeout, 204 once the connection has ended and nothing is left; a second poll while one is pending
 * ends the first with 204. A buffer over its limit means a client too slow: the connection closes.
 */
final class LongPollingConnection extends HttpHubConnection {

    private final Vertx vertx;
    private final long pollTimeout;
    private final int maxBuffered;
    private final Runnable overflow;
    // Guarded by "this": polls, POSTs and the feed run on different event loops.
    private Buffer buffer = Buffer.buffer();
    /** Set by the first MessagePack write: from then on polls answer application/octet-stream. */
    private boolean binaryBody;
    private HttpServerResponse poll;
    private long pollTimer = -1;
    private boolean firstPollAnswered;
    private boolean goneAnswered;

    LongPollingConnection(String token, String user, SecurityIdentity identity, Vertx vertx, HubConfig config,
            Runnable overflow) {
        super(token, user, identity);
        this.vertx = vertx;
        this.pollTimeout = config.transports().longPolling().pollTimeout().toMillis();
        this.maxBuffered = config.maxBufferedBytes();
        this.overflow = overflow;
    }

    @Override
    String transportName() {
        return "LongPolling";
    }

    @Override
    public Uni<Void> send(String records) {
        return buffered(records.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public Uni<Void> sendBinary(byte[] data) {
        return buffered(data, true);
    }

    @Override
    public boolean binary() {
        return true;
    }

    private Uni<Void> buffered(byte[] data, boolean binary) {
        boolean tooMuch;
        synchronized (this) {
            if (ended()) {
                return Uni.createFrom().failure(new IllegalStateException("connection ended"));
            }
            binaryBody |= binary;
            tooMuch = buffer.length() + data.length > maxBuffered;
            if (tooMuch) {
                // What is buffered is dropped, so that the Close record fits; the client resumes with sinceSeq.
                buffer = Buffer.buffer();
            } else {
                buffer.appendBytes(data);
                if (poll != null) {
                    answer(200, true);
                }
            }
        }
        if (tooMuch) {
            overflow.run();
            return Uni.createFrom().failure(new IllegalStateException("long polling buffer full"));
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    void get(HttpServerResponse response) {
        synchronized (this) {
            if (poll != null) {
                answer(204, false); // the spec: a new poll ends the pending one
            }
            touch();
            poll = response;
            response.closeHandler(ignored -> abandoned(response));
            if (!firstPollAnswered) {
                firstPollAnswered = true;
                answer(200, false);
            } else if (buffer.length() > 0) {
                answer(200, true);
            } else if (ended()) {
                goneAnswered = true;
                answer(204, false);
            } else {
                pollTimer = vertx.setTimer(pollTimeout, id -> timedOut(response));
            }
        }
    }

    private synchronized void timedOut(HttpServerResponse response) {
        if (poll == response) {
            pollTimer = -1;
            answer(200, false);
        }
    }

    private synchronized void abandoned(HttpServerResponse response) {
        if (poll == response) {
            poll = null;
            vertx.cancelTimer(pollTimer);
            touch();
        }
    }

    /** Answers the pending poll: with the buffered records, or empty with {@code status}. Holds the lock. */
    private void answer(int status, boolean withRecords) {
        HttpServerResponse response = poll;
        poll = null;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
            pollTimer = -1;
        }
        touch();
        if (response.ended() || response.closed()) {
            return;
        }
        response.putHeader("Cache-Control", "no-store");
        if (withRecords) {
            Buffer body = buffer;
            buffer = Buffer.buffer();
            response.setStatusCode(200)
                    .putHeader("Content-Type", binaryBody ? "application/octet-stream" : "text/plain; charset=utf-8")
                    .end(body);
        } else {
            response.setStatusCode(status).end();
        }
    }

    @Override
    synchronized boolean requestPending() {
        return poll != null;
    }

    @Override
    synchronized boolean drained() {
        return goneAnswered;
    }

    @Override
    synchronized void onEnd() {
        if (poll != null) {
            if (buffer.length() > 0) {
                answer(200, true);
            } else {
                goneAnswered = true;
                answer(204, false);
            }
        }
    }
}
