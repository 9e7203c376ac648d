package io.fleetpulse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one scenario of src/test/js/browser/scenarios.mjs (playwright-core driving Debian's headless Chromium)
 * and answers its requests for server-side actions ({@code ACTION <name> <arg>} on stdout, {@code DONE} or
 * {@code FAILED <why>} on stdin). Node, the npm packages and Chromium are required: a missing one fails loudly.
 */
final class BrowserScenario {

    static final Path DIR = Path.of("src", "test", "js", "browser");
    static final Path ARTIFACTS = Path.of("target", "browser-artifacts");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private BrowserScenario() {
    }

    static String chromium() {
        String path = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException("No Chromium at " + path + ": install Debian's package (apt-get install -y chromium) "
                    + "or point CHROMIUM_PATH at a Chromium binary");
        }
        return path;
    }

    /**
     * Runs the scenario to its end and fails the test with the scenario's own output when it did not pass.
     *
     * @param env    values for the script (base URL, owners and their tokens)
     * @param action handles "name arg" requests; returns null when done, or a reason it failed
     */
    static void run(String scenario, Map<String, String> env, Function<String, String> action) throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("Run the Maven build (npm ci in src/test/js/browser) first: playwright-core is missing");
        }
        Files.createDirectories(ARTIFACTS);
        ProcessBuilder builder = new ProcessBuilder("node", "scenarios.mjs", scenario).directory(DIR.toFile());
        builder.environment().putAll(env);
        builder.environment().put("CHROMIUM_PATH", chromium());
        builder.environment().put("ARTIFACTS_DIR", ARTIFACTS.toAbsolutePath().toString());
        List<String> output = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        Process node = builder.start();
        try {
            collect(node.getErrorStream(), errors::add);
            OutputStream stdin = node.getOutputStream();
            collect(node.getInputStream(), line -> {
                output.add(line);
                if (line.startsWith("ACTION ")) {
                    String failure;
                    try {
                        failure = action.apply(line.substring("ACTION ".length()));
                    } catch (RuntimeException e) {
                        failure = e.toString();
                    }
                    try {
                        stdin.write(((failure == null ? "DONE" : "FAILED " + failure) + "\n").getBytes(StandardCharsets.UTF_8));
                        stdin.flush();
                    } catch (IOException e) {
                        output.add("(cannot answer the scenario: " + e + ")");
                    }
                }
            });
            boolean ended = node.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String transcript = "\n--- " + scenario + " output ---\n" + String.join("\n", output)
                    + "\n--- stderr ---\n" + String.join("\n", errors);
            assertTrue(ended, "the scenario did not end within " + TIMEOUT + transcript);
            assertEquals(0, node.exitValue(), "scenario " + scenario + " failed" + transcript);
            String pass = output.stream().filter(line -> line.startsWith("PASS " + scenario + " ")).findFirst().orElse(null);
            assertTrue(pass != null, "scenario " + scenario + " did not report PASS" + transcript);
            System.out.println("[browser] " + pass);
        } finally {
            node.destroyForcibly();
        }
    }

    private static void collect(InputStream stream, java.util.function.Consumer<String> sink) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "browser-scenario-output");
        reader.setDaemon(true);
        reader.start();
    }
}
