package io.fleetpulse.realtime.signalr;

import static io.fleetpulse.support.Api.createFleet;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.support.Tokens;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's own client code (src/test/js/dashboard-client.mjs) with the official @microsoft/signalr
 * npm package, run by Node. Node and the package (npm ci in process-test-resources) are required: no skip.
 */
@QuarkusTest
class SignalRJsClientTest {

    private static final Path SCRIPT = Path.of("src", "test", "js", "dashboard-client.mjs");

    @TestHTTPResource("/")
    URI server;

    @Inject
    OpenConnections openConnections;

    private Process node;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopNode() {
        if (node != null && node.isAlive()) {
            node.destroyForcibly();
        }
    }

    @Test
    void theDashboardClientReceivesEventsReconnectsAndResumesWithoutLosingAny() throws Exception {
        String owner = Tokens.newOwnerId();
        String jwt = Tokens.owner(owner);
        startNode(owner, jwt, Tokens.newOwnerId());
        awaitLine("JOINED");
        awaitLine("REFUSED Not allowed to join the fleet group of owner '");

        createFleet(jwt, owner, "Before");
        awaitLine("EVENT FleetCreated 1 Before");

        // Drop the socket from the server side, as a redeploy or a proxy timeout would.
        List<WebSocketConnection> dropped = hubConnectionsOf(owner);
        assertThat(dropped.size(), equalTo(1));
        dropped.forEach(WebSocketConnection::closeAndAwait);
        awaitLine("RECONNECTING");
        // The client waits a second before it reconnects: this change happens while it is away.
        createFleet(jwt, owner, "While away");
        awaitLine("REJOINED");
        awaitLine("EVENT FleetCreated 2 While away");

        createFleet(jwt, owner, "After");
        awaitLine("EVENT FleetCreated 3 After");
        assertThat(events(), contains("EVENT FleetCreated 1 Before", "EVENT FleetCreated 2 While away",
                "EVENT FleetCreated 3 After"));

        try (OutputStream stdin = node.getOutputStream()) {
            stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat("node exits " + output + errors, node.waitFor(15, TimeUnit.SECONDS), equalTo(true));
        assertThat("exit code; output " + output + " errors " + errors, node.exitValue(), equalTo(0));
        assertThat(output.indexOf("STOPPED"), greaterThan(0));
    }

    private void startNode(String owner, String jwt, String anotherOwner) throws IOException {
        if (!Files.isRegularFile(SCRIPT) || !Files.isDirectory(SCRIPT.getParent().resolve("node_modules/@microsoft/signalr"))) {
            throw new IllegalStateException("Run the Maven build (npm ci in src/test/js) first: @microsoft/signalr is missing");
        }
        String apiUrl = server.toString().replaceAll("/$", "");
        // A missing node fails here, loudly: this test is never skipped.
        node = new ProcessBuilder("node", SCRIPT.getFileName().toString(), apiUrl, owner, jwt, anotherOwner)
                .directory(SCRIPT.getParent().toFile())
                .start();
        collect(node.getInputStream(), output);
        collect(node.getErrorStream(), errors);
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitLine(String prefix) {
        await().atMost(Duration.ofSeconds(20))
                .failFast("node exited: " + output + " " + errors, () -> !node.isAlive())
                .until(() -> output.stream().anyMatch(line -> line.startsWith(prefix)));
    }

    private List<String> events() {
        return output.stream().filter(line -> line.startsWith("EVENT ")).toList();
    }

    private List<WebSocketConnection> hubConnectionsOf(String owner) {
        return openConnections.findByEndpointId(FleetHub.ENDPOINT_ID).stream()
                .filter(connection -> {
                    SecurityIdentity identity = connection.userData().get(HubUpgradeCheck.IDENTITY);
                    return identity != null && owner.equals(OwnerAccess.ownerIdOf(identity));
                })
                .toList();
    }
}
