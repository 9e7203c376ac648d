package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.fleetBody;
import static org.awaitility.Awaitility.await;

import io.fleetpulse.support.NodeHubClient;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Delivery latency per SignalR transport with the official JS client: from a REST write's response to the
 * client's receipt of its event, one write at a time; prints p50/p99, asserts nothing.
 * Run: ./mvnw test -Dtest=SignalRLatencyBenchmark -Dgroups=benchmark -DexcludedGroups=
 */
@QuarkusTest
@Tag("benchmark")
class SignalRLatencyBenchmark {

    static final int WARMUP = 30;
    static final int EVENTS = 200;

    @TestHTTPResource("/")
    URI server;

    @Test
    void restResponseToClientReceiptPerTransport() throws Exception {
        for (String transport : List.of("WebSockets", "ServerSentEvents", "LongPolling")) {
            measure(transport, false);
        }
        for (String transport : List.of("WebSockets", "LongPolling")) {
            measure(transport, true);
        }
    }

    private void measure(String transport, boolean messagePack) throws Exception {
        String owner = Tokens.newOwnerId();
        String token = Tokens.owner(owner);
        try (NodeHubClient client = messagePack
                ? NodeHubClient.messagePack(server.toString(), owner, token, Tokens.newOwnerId(), transport)
                : new NodeHubClient(server.toString(), owner, token, Tokens.newOwnerId(), transport)) {
            client.awaitLine("REFUSED ");
            List<Double> latencies = new ArrayList<>();
            for (int i = 1; i <= WARMUP + EVENTS; i++) {
                as(token).body(fleetBody("Latency " + i)).post("/api/owners/{o}/fleets", owner).then().statusCode(201);
                Instant responded = Instant.now();
                String prefix = "RECEIVED " + i + " ";
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                        .until(() -> !client.lines(prefix).isEmpty());
                if (i > WARMUP) {
                    double received = Double.parseDouble(client.lines(prefix).get(0).substring(prefix.length()));
                    latencies.add(received - (responded.getEpochSecond() * 1000 + responded.getNano() / 1e6));
                }
            }
            Collections.sort(latencies);
            System.out.printf("SignalR %s (%s): REST response -> client receipt over %d events: p50 %.2f ms, p99 %.2f ms, "
                    + "max %.2f ms%n", transport, messagePack ? "messagepack" : "json", latencies.size(), latencies.get(latencies.size() / 2),
                    latencies.get((int) (latencies.size() * 0.99)), latencies.get(latencies.size() - 1));
            client.stop();
        }
    }
}
