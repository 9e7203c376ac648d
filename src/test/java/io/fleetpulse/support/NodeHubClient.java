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
        if (!Files.isDirectory(SCRIPT.getParent().resolve("node_modules/@microsoft/signalr"))) {
            throw new IllegalStateException("Run the Maven build (npm ci in src/test/js) first: @microsoft/signalr is missing");
        }
        node = new ProcessBuilder("node", SCRIPT.getFileName().toString(), apiUrl.replaceAll("/$", ""), owner, jwt,
                anotherOwner, transport).directory(SCRIPT.getParent().toFile()).start();
        readers.add(collect(node.getInputStream(), output));
        readers.add(collect(node.getErrorStream(), errors));
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
