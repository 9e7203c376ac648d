package io.fleetpulse.bench;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.fleetBody;
import static org.awaitility.Awaitility.await;

import io.fleetpulse.support.FeedClient;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures the delay from a REST write's response to the WebSocket receipt of its event, over a few
 * hundred writes, and prints it. Run: ./mvnw test -Dtest=FeedLatencyBenchmark -Dgroups=benchmark -DexcludedGroups=
 */
@QuarkusTest
@Tag("benchmark")
class FeedLatencyBenchmark {

    static final int WARMUP = 50;
    static final int EVENTS = 300;

    @Test
    void restResponseToWebSocketReceipt() {
        String owner = Tokens.newOwnerId();
        String token = Tokens.owner(owner);
        try (FeedClient tab = FeedClient.connect("/ws/owners/" + owner + "?since=0", token)) {
            List<Double> afterResponse = new ArrayList<>();
            List<Double> afterRequest = new ArrayList<>();
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                long start = System.nanoTime();
                as(token).body(fleetBody("Latency " + i)).post("/api/owners/{o}/fleets", owner).then().statusCode(201);
                long responded = System.nanoTime();
                int index = i;
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> tab.messages().size() > index);
                if (i >= WARMUP) {
                    long received = tab.receivedAtNanos(index);
                    afterResponse.add((received - responded) / 1e6);
                    afterRequest.add((received - start) / 1e6);
                }
            }
            print("REST response -> WebSocket receipt", afterResponse);
            print("REST request start -> WebSocket receipt", afterRequest);
        }
    }

    private static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%s over %d events: median %.2f ms, p95 %.2f ms, max %.2f ms, min %.2f ms%n", what,
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.95)),
                sorted.get(sorted.size() - 1), sorted.get(0));
    }
}
