package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.RawHubSocket.HANDSHAKE;
import static io.fleetpulse.support.RawHubSocket.RS;
import static io.fleetpulse.support.RawHubSocket.negotiate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetpulse.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Protocol edge cases of the Server-Sent Events and Long Polling transports, over raw HTTP. */
@QuarkusTest
class HubHttpTransportEdgeCaseTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/hub/fleets")
    URI hub;

    private final String owner = Tokens.newOwnerId();
    private final String jwt = Tokens.owner(owner);

    private HttpRequest.Builder request(String connectionToken) {
        return HttpRequest.newBuilder(URI.create(hub + "?id=" + connectionToken)).header("Authorization", "Bearer " + jwt)
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> poll(String connectionToken) throws Exception {
        return HTTP.send(request(connectionToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String connectionToken, String body) throws Exception {
        return HTTP.send(request(connectionToken).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String connectionToken) throws Exception {
        return HTTP.send(request(connectionToken).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A long-polling connection past its handshake. */
    private String longPollingConnected() throws Exception {
        String token = negotiate(jwt);
        assertThat(poll(token).statusCode()).as("the first poll answers at once").isEqualTo(200);
        assertThat(post(token, HANDSHAKE).statusCode()).isEqualTo(200);
        HttpResponse<String> handshake = poll(token);
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).isEqualTo("{}" + RS);
        return token;
    }

    /** An open event stream whose data lines are collected. */
    private List<String> openStream(String token) {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(request(token)
                .timeout(Duration.ofMinutes(2)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        stream.thenAccept(response -> {
            lines.add("STATUS " + response.statusCode());
            response.body().forEach(lines::add);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("STATUS 200"));
        return lines;
    }

    @Test
    void anUnknownConnectionIs404OnEveryTransportAndMethod() throws Exception {
        String unknown = "A".repeat(43);
        assertThat(poll(unknown).statusCode()).isEqualTo(404);
        assertThat(HTTP.send(request(unknown).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = post(unknown, HANDSHAKE);
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(delete(unknown).statusCode()).isEqualTo(404);
        String ofAnUnknownReplica = "B".repeat(12) + "." + "A".repeat(43);
        assertThat(poll(ofAnUnknownReplica).statusCode()).isEqualTo(404);
        assertThat(post(ofAnUnknownReplica, HANDSHAKE).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutATokenTheTransportsAre401AndAnotherUsersConnectionIs403() throws Exception {
        String token = longPollingConnected();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(hub + "?id=" + token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        String stranger = Tokens.owner(Tokens.newOwnerId());
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(hub + "?id=" + token))
                .header("Authorization", "Bearer " + stranger).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(delete(token).statusCode()).isEqualTo(202);
    }

    @Test
    void aSecondPollWhileOneIsPendingEndsTheFirstWith204() throws Exception {
        String token = longPollingConnected();
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(request(token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // The first poll is pending once the server holds it; a Ping (2 s in tests) may answer it first, so the
        // first poll is the one that had no answer when the second arrived.
        CompletableFuture<HttpResponse<String>> second = HTTP.sendAsync(request(token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> firstAnswer = first.get();
        assertThat(firstAnswer.statusCode()).isIn(200, 204);
        if (firstAnswer.statusCode() == 204) {
            assertThat(second.get().statusCode()).isEqualTo(200);
        }
        assertThat(delete(token).statusCode()).isEqualTo(202);
    }

    @Test
    void aSecondEventStreamForTheSameConnectionIs409() throws Exception {
        String token = negotiate(jwt);
        List<String> lines = openStream(token);
        HttpResponse<String> second = HTTP.send(request(token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(post(token, HANDSHAKE).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("data: {}" + RS));
        assertThat(delete(token).statusCode()).isEqualTo(202);
    }

    @Test
    void anOversizedPostIs413OnBothTransports() throws Exception {
        String huge = "x".repeat(70_000) + RS;
        String polling = longPollingConnected();
        HttpResponse<String> refused = post(polling, huge);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        String streaming = negotiate(jwt);
        openStream(streaming);
        assertThat(post(streaming, huge).statusCode()).isEqualTo(413);
        assertThat(delete(polling).statusCode()).isEqualTo(202);
        assertThat(delete(streaming).statusCode()).isEqualTo(202);
    }

    @Test
    void aClosedConnectionsLatePostIs404AndItsPollIs204() throws Exception {
        String polling = longPollingConnected();
        assertThat(post(polling, "{\"type\":7}" + RS).statusCode()).isEqualTo(200); // the client's Close
        await().atMost(Duration.ofSeconds(10)).until(() -> poll(polling).statusCode() == 204);
        assertThat(post(polling, "{\"type\":6}" + RS).statusCode()).isEqualTo(404);

        String streaming = negotiate(jwt);
        List<String> lines = openStream(streaming);
        assertThat(delete(streaming).statusCode()).isEqualTo(202);
        assertThat(post(streaming, "{\"type\":6}" + RS).statusCode()).isEqualTo(404);
        assertThat(lines).contains("STATUS 200");
    }
}
