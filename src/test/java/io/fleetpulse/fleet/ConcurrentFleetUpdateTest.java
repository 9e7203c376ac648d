package io.fleetpulse.fleet;

import static io.fleetpulse.support.Api.as;
import static io.fleetpulse.support.Api.createFleet;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two PUTs of one fleet that both claim the same version, sent at the same moment: optimistic locking
 * lets exactly one through; the loser gets 409 (version) or 412 (If-Match), and nothing is lost.
 */
@QuarkusTest
class ConcurrentFleetUpdateTest {

    private static final int ROUNDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    String owner;
    String token;
    HttpClient http;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        owner = Tokens.newOwnerId();
        token = Tokens.owner(owner);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void ofTwoConcurrentPutsWithTheSameBodyVersionExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            race(round, false);
        }
    }

    @Test
    void ofTwoConcurrentPutsWithTheSameIfMatchExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            race(round, true);
        }
    }

    private void race(int round, boolean ifMatch) throws Exception {
        String fleet = createFleet(token, owner, "Race " + round);
        String[] names = {"Left " + round, "Right " + round};
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (String name : names) {
            HttpRequest request = put(fleet, name, ifMatch);
            sent.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : sent) {
            responses.add(f.get(30, TimeUnit.SECONDS));
        }

        List<HttpResponse<String>> winners = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> losers = responses.stream().filter(r -> r.statusCode() != 200).toList();
        String context = "round " + round + ": " + responses.stream()
                .map(r -> r.statusCode() + " " + r.body()).toList();
        assertEquals(1, winners.size(), context);
        HttpResponse<String> loser = losers.get(0);
        assertThat(context, loser.statusCode(), anyOf(is(409), is(412)));
        assertThat(context, loser.headers().firstValue("Content-Type").orElse(""),
                equalTo("application/problem+json"));

        JsonNode won = JSON.readTree(winners.get(0).body());
        assertEquals(1, won.get("version").asLong(), context);
        assertEquals("\"1\"", winners.get(0).headers().firstValue("ETag").orElse(null), context);
        as(token).get("/api/owners/{o}/fleets/{f}", owner, fleet)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("name", equalTo(won.get("name").asText()))
                .body("description", equalTo(won.get("description").asText()))
                .body("updatedAt", equalTo(won.get("updatedAt").asText()));
    }

    private HttpRequest put(String fleet, String name, boolean ifMatch) throws Exception {
        String body = ifMatch
                ? JSON.writeValueAsString(java.util.Map.of("name", name, "description", "by " + name))
                : JSON.writeValueAsString(java.util.Map.of("name", name, "description", "by " + name, "version", 0));
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve("api/owners/" + owner + "/fleets/" + fleet))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch) {
            builder.header("If-Match", "\"0\"");
        }
        return builder.build();
    }
}
