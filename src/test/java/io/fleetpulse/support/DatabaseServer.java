package io.fleetpulse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The PostgreSQL server under the replicas, stopped (SIGINT: fast shutdown, clients cut off) and started
 * again by its pg_ctl with the settings of its postmaster.opts: an outage, for real. PostgreSQL refuses to
 * run as root, which is who CI is: like the embedded distribution itself, it runs in a user namespace
 * ({@code unshare -U}) where it is not.
 */
public final class DatabaseServer {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final Path data;
    private final List<String> command;

    private DatabaseServer(Path data, List<String> command) {
        this.data = data;
        this.command = command;
    }

    /** Reads where the running server lives and how it was started. */
    public static DatabaseServer running() {
        try (OutboxAudit db = OutboxAudit.open()) {
            Path data = Path.of(db.queryOne("SHOW data_directory"));
            String opts = Files.readString(data.resolve("postmaster.opts")).strip();
            List<String> command = new ArrayList<>();
            command.add(opts.substring(0, opts.indexOf(' ')));
            Matcher quoted = QUOTED.matcher(opts);
            while (quoted.find()) {
                command.add(quoted.group(1));
            }
            return new DatabaseServer(data, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fast shutdown; returns once the server is gone. */
    public void stop() {
        try {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
            postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Starts the server again on the same data, port and settings; returns once it accepts connections. */
    public void start() {
        try {
            List<String> pgCtl = new ArrayList<>(List.of("unshare", "-U",
                    Path.of(command.get(0)).resolveSibling("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30",
                    "-l", data.resolve("restarted.log").toString(), "-o", options(), "start"));
            // pg_ctl starts the server as a daemon of its own: the embedded distribution stops it at exit.
            Process process = new ProcessBuilder(pgCtl).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(pgCtl + " failed: " + output);
            }
            Map<String, String> config = new EmbeddedPostgresResource().start();
            Awaitility.await("PostgreSQL accepting connections again").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> {
                        try (var connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))) {
                            return connection.isValid(1);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's options but the data directory (pg_ctl passes it), quoted for pg_ctl's shell. */
    private String options() {
        StringBuilder options = new StringBuilder();
        for (int i = 1; i < command.size(); i++) {
            if (command.get(i).equals("-D")) {
                i++;
                continue;
            }
            options.append(options.isEmpty() ? "" : " ").append('\'').append(command.get(i)).append('\'');
        }
        return options.toString();
    }
}
