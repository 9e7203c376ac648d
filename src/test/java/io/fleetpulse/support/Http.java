package io.fleetpulse.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An asynchronous JSON client for load tests: many requests in flight, each bounded by a timeout. */
public final class Http {

    /** A response: its status (-1 when it failed or timed out), body and headers. */
    public record Reply(int status, JsonNode body, HttpResponse<String> raw, Throwable failure) {
        public String header(String name) {
            return raw == null ? null : raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Http() {
    }

    public static CompletableFuture<Reply> send(String method, URI uri, String token, Object body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Reply(response.statusCode(), parse(response.body()), response, null))
                .exceptionally(failure -> new Reply(-1, null, null, failure));
    }

    public static Reply sendNow(String method, URI uri, String token, Object body) {
        return send(method, uri, token, body, Map.of()).join();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
