package io.fleetpulse.telemetry;

import static io.fleetpulse.support.Api.createFleet;
import static io.fleetpulse.support.Api.createVehicle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ingest throughput over real HTTP against the real PostgreSQL: single readings and batches. Prints
 * numbers and asserts nothing about time. Tagged "benchmark": excluded from the default build (run bench/ingest-throughput.sh).
 */
@QuarkusTest
@Tag("benchmark")
class TelemetryIngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI root;

    @Inject
    Pool pool;

    @Test
    void measureIngestThroughput() throws Exception {
        int vehicles = Integer.getInteger("bench.vehicles", 100);
        int singles = Integer.getInteger("bench.singles", 5000);
        int singleConcurrency = Integer.getInteger("bench.singleConcurrency", 32);
        int batches = Integer.getInteger("bench.batches", 40);
        int batchSize = Integer.getInteger("bench.batchSize", 1000);
        int batchConcurrency = Integer.getInteger("bench.batchConcurrency", 4);

        String owner = Tokens.newOwnerId();
        String token = Tokens.owner(owner);
        String fleet = createFleet(token, owner, "Bench");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < vehicles; i++) {
            ids.add(createVehicle(token, owner, fleet));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant base = Instant.now().minus(Duration.ofDays(1));
        AtomicInteger clock = new AtomicInteger();

        IntFunction<HttpRequest> single = i -> {
            String vehicle = ids.get(i % vehicles);
            return post(token, "/api/owners/" + owner + "/vehicles/" + vehicle + "/telemetry",
                    Readings.reading(base.plusMillis(clock.incrementAndGet()), i % 120));
        };
        IntFunction<HttpRequest> batch = i -> {
            List<Map<String, Object>> readings = new ArrayList<>(batchSize);
            for (int j = 0; j < batchSize; j++) {
                readings.add(Readings.reading(ids.get(j % vehicles), base.plusMillis(clock.incrementAndGet()), j % 120));
            }
            return post(token, "/api/owners/" + owner + "/telemetry", Map.of("readings", readings));
        };

        run(http, single, Math.min(500, singles), singleConcurrency); // warm-up: JIT, pool connections
        long before = stored(owner);
        Result s = run(http, single, singles, singleConcurrency);
        long afterSingles = stored(owner);
        Result b = run(http, batch, batches, batchConcurrency);
        long afterBatches = stored(owner);

        System.out.printf("%nBENCH cores=%d vehicles=%d%n", Runtime.getRuntime().availableProcessors(), vehicles);
        System.out.printf("BENCH single: %d requests, concurrency %d, %d ok, %.1f s, %.0f readings/s accepted, "
                        + "%d stored%n", singles, singleConcurrency, s.ok, s.seconds, s.ok / s.seconds,
                afterSingles - before);
        System.out.printf("BENCH batch: %d requests x %d readings, concurrency %d, %d ok, %.1f s, %.0f readings/s "
                        + "accepted, %d stored%n", batches, batchSize, batchConcurrency, b.ok, b.seconds,
                (double) b.ok * batchSize / b.seconds, afterBatches - afterSingles);
    }

    private record Result(int ok, double seconds) {
    }

    private static Result run(HttpClient http, IntFunction<HttpRequest> request, int count, int concurrency)
            throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpRequest r = request.apply(i);
            slots.acquire();
            all.add(http.sendAsync(r, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure == null && response.statusCode() == 200) {
                    ok.incrementAndGet();
                }
                slots.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        return new Result(ok.get(), (System.nanoTime() - start) / 1e9);
    }

    private long stored(String owner) {
        return pool.preparedQuery("SELECT count(*) FROM telemetry_history WHERE owner_id = $1")
                .execute(Tuple.of(owner)).await().atMost(Duration.ofSeconds(30))
                .iterator().next().getLong(0);
    }

    private HttpRequest post(String token, String path, Object body) {
        try {
            return HttpRequest.newBuilder(root.resolve(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
