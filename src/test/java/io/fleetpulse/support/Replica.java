package io.fleetpulse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Another replica of the packaged application (the jar, or the native executable in the native stage) as a
 * real process of its own, on the database the test resource started: what Kubernetes runs next to the
 * replica that {@code @QuarkusIntegrationTest} launched.
 */
public final class Replica implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private Replica(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a replica and waits until it listens; {@code extra} adds or overrides configuration. */
    public static Replica start(String name, Map<String, String> extra) {
        String artifact = System.getProperty("fleetpulse.it.artifact", "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>();
        if (artifact.endsWith(".jar")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
        }
        List<String> properties = new ArrayList<>();
        Map<String, String> config = new java.util.HashMap<>(new EmbeddedPostgresResource().start());
        config.put("quarkus.http.port", "0");
        config.putAll(extra);
        config.forEach((key, value) -> properties.add("-D" + key + "=" + value));
        if (artifact.endsWith(".jar")) {
            command.addAll(properties);
            command.add("-jar");
            command.add(artifact);
        } else {
            command.add(artifact);
            command.addAll(properties);
        }
        try {
            Path log = Files.createTempFile("fleetpulse-" + name + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int[] port = {0};
            Awaitility.await("replica " + name + " listening (log " + log + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("replica " + name + " exited:\n" + Files.readString(log));
                        }
                        Matcher matcher = LISTENING.matcher(Files.readString(log));
                        if (matcher.find()) {
                            port[0] = Integer.parseInt(matcher.group(1));
                            return true;
                        }
                        return false;
                    });
            return new Replica(process, log, port[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public URI ws(String path) {
        return URI.create("ws://localhost:" + port + path);
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL: the process disappears without closing anything, as an OOM kill or a node failure would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
