package io.fleetpulse.support;

import static io.fleetpulse.support.Api.fleetBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

/**
 * Stateful reconnect with the official JS client ({@code withStatefulReconnect()}, WebSockets) behind a
 * {@link TcpProxy}: concurrent writers commit a burst of fleets for one owner, the proxy cuts the socket in the
 * middle of it, the client reconnects its transport (to the backend {@code reconnectTo} names), and its handlers
 * see every change exactly once, in seq order, without a Resync or a close.
 */
public final class StatefulReconnectScenario {

    private static final int WRITERS = 8;

    private StatefulReconnectScenario() {
    }

    /** The network cuts the socket; the client's next socket goes to the backend at {@code reconnectTo}. */
    public static void everyChangeOnceAcrossADrop(TcpProxy proxy, String writeBaseUri, int changes, int reconnectTo)
            throws Exception {
        everyChangeOnceAcrossADrop(proxy, writeBaseUri, changes, reconnectTo, false);
    }

    /** The same with the MessagePack hub protocol when {@code messagePack}. */
    public static void everyChangeOnceAcrossADrop(TcpProxy proxy, String writeBaseUri, int changes, int reconnectTo,
            boolean messagePack) throws Exception {
        everyChangeOnceAcrossACut(proxy, writeBaseUri, changes, () -> {
            proxy.route(reconnectTo);
            proxy.dropAll();
        }, messagePack);
    }

    /**
     * {@code cut} ends the socket in the middle of the burst (a network drop, a replica shutting down) and points
     * the proxy at where the client's next socket should go; {@code writeBaseUri}: where the writers send their
     * POSTs (a replica that stays up).
     */
    public static void everyChangeOnceAcrossACut(TcpProxy proxy, String writeBaseUri, int changes, Runnable cut)
            throws Exception {
        everyChangeOnceAcrossACut(proxy, writeBaseUri, changes, cut, false);
    }

    /** The same with the MessagePack hub protocol when {@code messagePack}. */
    public static void everyChangeOnceAcrossACut(TcpProxy proxy, String writeBaseUri, int changes, Runnable cut,
            boolean messagePack) throws Exception {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        proxy.route(0);
        try (NodeHubClient client = NodeHubClient.stateful("http://127.0.0.1:" + proxy.port(), owner, jwt, messagePack)) {
            client.awaitLine("JOINED");
            int connectionsBefore = proxy.accepted();
            AtomicInteger written = new AtomicInteger();
            // The last quarter of the burst waits for the cut: it falls mid-burst by construction, however fast
            // the writers are against the client, and the writes before it race with it.
            CountDownLatch cutDone = new CountDownLatch(1);
            int gated = changes - changes / 4;
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = writer; i < changes; i += WRITERS) {
                        if (i >= gated && !cutDone.await(120, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the cut never came");
                        }
                        given().baseUri(writeBaseUri).auth().oauth2(jwt).contentType(ContentType.JSON)
                                .body(fleetBody("burst-" + i)).post("/api/owners/{o}/fleets", owner)
                                .then().statusCode(201);
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            // Mid-burst: the client has some of the changes, the writers are still committing the rest.
            client.awaitLines("EVENT ", changes / 4, Duration.ofSeconds(60));
            int writtenAtDrop;
            try {
                cut.run();
            } finally {
                writtenAtDrop = written.get();
                cutDone.countDown();
            }
            for (Future<?> writer : done) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writers.shutdown();
            assertThat(writtenAtDrop).as("the drop fell in the middle of the burst").isLessThan(changes);

            await().atMost(Duration.ofSeconds(90))
                    .failFast("the connection closed: " + client.transcript(), () -> !client.lines("CLOSED").isEmpty())
                    .until(() -> client.lines("EVENT ").size() >= changes);
            List<Long> seqs = client.lines("EVENT ").stream().map(line -> Long.parseLong(line.split(" ")[1])).toList();
            assertThat(seqs).as("every change once, in order").containsExactlyElementsOf(
                    LongStream.rangeClosed(1, changes).boxed().toList());
            assertThat(client.lines("RESYNC")).as(client.transcript()).isEmpty();
            assertThat(client.lines("CLOSED")).as(client.transcript()).isEmpty();
            assertThat(client.lines("RECONNECTING")).as("a transport reconnect, not a new connection").isEmpty();
            assertThat(proxy.accepted()).as("the client opened a new socket").isGreaterThan(connectionsBefore);
            assertThat(client.stop()).as(client.transcript()).isTrue();
        }
    }
}
