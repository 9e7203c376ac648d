package io.fleetpulse.it;

import static org.awaitility.Awaitility.await;

import io.fleetpulse.devdb.EmbeddedPostgresStarter;
import io.fleetpulse.support.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Black-box launcher of the artifact the build produced (target/quarkus-artifact.properties: the runner jar,
 * or the native executable under -Dnative), as an operator runs it: environment variables only, its own
 * database on the embedded PostgreSQL, its own port, output in target/it-logs.
 */
final class PackagedApp implements AutoCloseable {

    private static final Path TARGET = Path.of("target");
    /** As k8s/base/deployment.yaml and scripts/smoke.sh run the executable. */
    static final List<String> NATIVE_HEAP = List.of("-Xmx160m", "-Xmn16m");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final Path log;
    final int port;

    private PackagedApp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A fresh, empty database on the embedded server; returns its name. */
    static String freshDatabase() {
        String name = "it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = jdbc("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    static Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), server().get("quarkus.datasource.username"),
                server().get("quarkus.datasource.password"));
    }

    static String jdbcUrl(String database) {
        return server().get("quarkus.datasource.jdbc.url").replaceFirst("/postgres$", "/" + database);
    }

    static String user() {
        return server().get("quarkus.datasource.username");
    }

    static String password() {
        return server().get("quarkus.datasource.password");
    }

    private static Map<String, String> server() {
        return new EmbeddedPostgresStarter().get();
    }

    /** The migrate step (QUARKUS_PROFILE=migrate, JDBC settings only), run to completion; returns it exited. */
    static PackagedApp migrate(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "migrate");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", server().get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", server().get("quarkus.datasource.password"));
        PackagedApp app = start("migrate", env);
        try {
            if (!app.process.waitFor(120, TimeUnit.SECONDS)) {
                app.process.destroyForcibly();
                throw new AssertionError("the migrate step did not exit within 120 s:\n" + app.output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return app;
    }

    /** The serving process as Kubernetes runs it: reactive URL and credentials, no JDBC URL, no migration. */
    static PackagedApp serve(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL",
                server().get("quarkus.datasource.reactive.url").replaceFirst("/postgres$", "/" + database));
        env.put("QUARKUS_DATASOURCE_USERNAME", server().get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", server().get("quarkus.datasource.password"));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", resource("/jwt/publicKey.pem"));
        env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        PackagedApp app = start("serve", env);
        try {
            awaitLive(app);
        } catch (RuntimeException | AssertionError e) {
            app.close();
            throw e;
        }
        return app;
    }

    private static void awaitLive(PackagedApp app) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!app.process.isAlive()) {
                throw new AssertionError("the application exited during startup:\n" + app.output());
            }
            try {
                return app.get("/q/health/live").statusCode() == 200;
            } catch (UncheckedIOException notListeningYet) {
                return false;
            }
        });
    }

    private static PackagedApp start(String name, Map<String, String> env) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        Properties artifact = artifact();
        Path path = TARGET.resolve(artifact.getProperty("path"));
        if ("native".equals(artifact.getProperty("type"))) {
            command.add(path.toAbsolutePath().toString());
            // The heap flags of k8s/base/deployment.yaml: a native image ignores cgroup limits.
            command.addAll(NATIVE_HEAP);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
            command.add(path.toAbsolutePath().toString());
        }
        try {
            Path logs = Files.createDirectories(TARGET.resolve("it-logs"));
            Path log = logs.resolve(name + "-" + UUID.randomUUID() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Only what the operator sets: nothing inherited from the build's QUARKUS_* environment.
            builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("MP_JWT"));
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new PackagedApp(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the build produced: type (jar or native) and path relative to target/. */
    static Properties artifact() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(TARGET.resolve("quarkus-artifact.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no packaged artifact: run the *IT tests with ./mvnw verify", e);
        }
        return properties;
    }

    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try {
            return Path.of(PackagedApp.class.getResource(name).toURI()).toAbsolutePath().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
