package io.fleetpulse.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * src/test/js/transport-client.mjs (the official @microsoft/signalr client) run by Node over one transport, with
 * its output lines collected. Node and the npm package are required (npm ci in the build): never skipped.
 */
public final class NodeHubClient implements AutoCloseable {

    private static final Path SCRIPT = Path.of("src", "test", "js", "transport-client.mjs");

    private final Process node;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    /** {@code transport}: WebSockets, ServerSentEvents, LongPolling, or "default" (no transport option). */
    public NodeHubClient(String apiUrl, String owner, String jwt, String anotherOwner, String transport) throws IOException {
        this(SCRIPT.getFileName().toString(), apiUrl.replaceAll("/$", ""), owner, jwt, anotherOwner, transport);
    }

    /** The same client with the MessagePack hub protocol (@microsoft/signalr-protocol-msgpack). */
    public static NodeHubClient messagePack(String apiUrl, String owner, String jwt, String anotherOwner, String transport)
            throws IOException {
        return new NodeHubClient(SCRIPT.getFileName().toString(), apiUrl.replaceAll("/$", ""), owner, jwt, anotherOwner,
                transport, "messagepack");
    }

    private NodeHubClient(String script, String... arguments) throws IOException {
        if (!Files.isDirectory(SCRIPT.getParent().resolve("node_modules/@microsoft/signalr"))) {
            throw new IllegalStateException("Run the Maven build (npm ci in src/test/js) first: @microsoft/signalr is missing");
        }
        List<String> command = new java.util.ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        node = new ProcessBuilder(command).directory(SCRIPT.getParent().toFile()).start();
        readers.add(collect(node.getInputStream(), output));
        readers.add(collect(node.getErrorStream(), errors));
    }

    /**
     * The dashboard's connection with {@code withStatefulReconnect()} over WebSockets (stateful-client.mjs),
     * joined to the owner's group: EVENT seq name per FleetCreated, RESYNC, RECONNECTING, CLOSED.
     */
    public static NodeHubClient stateful(String apiUrl, String owner, String jwt) throws IOException {
        return stateful(apiUrl, owner, jwt, false);
    }

    /** The same, with the MessagePack hub protocol when {@code messagePack}. */
    public static NodeHubClient stateful(String apiUrl, String owner, String jwt, boolean messagePack) throws IOException {
        // An explicit array: five strings would pick the public constructor.
        return new NodeHubClient("stateful-client.mjs", new String[] {apiUrl.replaceAll("/$", ""), owner, jwt,
                messagePack ? "messagepack" : "json"});
    }

    /** Waits until {@code count} lines start with {@code prefix}, for at most {@code atMost}. */
    public void awaitLines(String prefix, int count, Duration atMost) {
        await().atMost(atMost)
                .failFast("node exited", () -> exitedAndRead() && lines(prefix).size() < count ? failure() : false)
                .until(() -> lines(prefix).size() >= count);
    }

    /** Waits for a line starting with {@code prefix} and returns it. */
    public String awaitLine(String prefix) {
        await().atMost(Duration.ofSeconds(30))
                .failFast("node exited", () -> exitedAndRead() && !hasLine(prefix) ? failure() : false)
                .until(() -> hasLine(prefix));
        return output.stream().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Node has exited and every line it printed has been read. */
    private boolean exitedAndRead() {
        return !node.isAlive() && readers.stream().noneMatch(Thread::isAlive);
    }

    private boolean failure() {
        throw new AssertionError("node exited with " + node.exitValue() + ": " + transcript());
    }

    private boolean hasLine(String prefix) {
        return output.stream().anyMatch(line -> line.startsWith(prefix));
    }

    public List<String> lines(String prefix) {
        return output.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    public String transcript() {
        return output + " errors " + errors;
    }

    /** Stops the client ("exit"); true when it stopped cleanly. */
    public boolean stop() throws IOException, InterruptedException {
        try (OutputStream stdin = node.getOutputStream()) {
            stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
        }
        return node.waitFor(15, TimeUnit.SECONDS) && node.exitValue() == 0;
    }

    @Override
    public void close() {
        if (node.isAlive()) {
            node.destroyForcibly();
        }
    }

    private static Thread collect(InputStream stream, List<String> lines) {
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
        return reader;
    }
}
