package io.fleetpulse.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.changes.ChangeNotification;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgNotification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Hears of commits through PostgreSQL LISTEN/NOTIFY, the one thing replicas share. A change notification
 * ({@link ChangeNotification}, sent by the change triggers of whichever client wrote) says only "owner X
 * reached seq N" and is heard by every replica, this one included; the events are read from the log. A
 * telemetry notification carries the snapshots that moved forward; each replica ignores its own.
 */
@ApplicationScoped
public class ReplicaBridge {

    static final String CHANGES = ChangeNotification.CHANNEL;
    static final String TELEMETRY = "fleetpulse_telemetry";
    /** NOTIFY payloads must stay under 8000 bytes. */
    private static final int MAX_PAYLOAD = 7000;
    private static final Logger LOG = Logger.getLogger(ReplicaBridge.class);

    private final String node = UUID.randomUUID().toString();
    private final Pool pool;
    private final ChangeBroadcaster changes;
    private final TelemetryBroadcaster telemetry;
    private final ObjectMapper json;
    private final Vertx vertx;
    private volatile SqlConnection listener;
    private volatile boolean stopped;
    private final boolean exitAfterStart;

    ReplicaBridge(Pool pool, ChangeBroadcaster changes, TelemetryBroadcaster telemetry, ObjectMapper json, Vertx vertx,
            FleetPulseConfig config) {
        this.exitAfterStart = config.exitAfterStart();
        this.pool = pool;
        this.changes = changes;
        this.telemetry = telemetry;
        this.json = json;
        this.vertx = vertx;
    }

    // The migrate step (exit-after-start) starts the application only to migrate: it never LISTENs. A commit
    // notified before the LISTEN is up is not lost: listen() hints every followed owner once it is.
    void start(@Observes StartupEvent event) {
        if (!exitAfterStart) {
            listen(0);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        SqlConnection connection = listener;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    /** Tells the other replicas about snapshots this replica just stored (after the write committed). */
    public Uni<Void> announceTelemetry(String ownerId, List<TelemetrySnapshot> snapshots) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String payload : telemetryPayloads(ownerId, snapshots)) {
            chain = chain.chain(() -> pool.preparedQuery("SELECT pg_notify($1, $2)")
                    .execute(Tuple.of(TELEMETRY, payload)).replaceWithVoid());
        }
        return chain;
    }

    private List<String> telemetryPayloads(String ownerId, List<TelemetrySnapshot> snapshots) {
        List<String> payloads = new ArrayList<>();
        List<TelemetrySnapshot> chunk = new ArrayList<>();
        String prefix = node + "|" + ownerId + "|";
        int size = prefix.length();
        for (TelemetrySnapshot snapshot : snapshots) {
            int length = write(snapshot).length() + 1;
            if (!chunk.isEmpty() && size + length > MAX_PAYLOAD) {
                payloads.add(prefix + write(chunk));
                chunk = new ArrayList<>();
                size = prefix.length();
            }
            chunk.add(snapshot);
            size += length;
        }
        if (!chunk.isEmpty()) {
            payloads.add(prefix + write(chunk));
        }
        return payloads;
    }

    /** A dedicated connection LISTENs; when it drops, reconnect and let every feed check what it missed. */
    private void listen(int attempt) {
        if (stopped) {
            return;
        }
        pool.getConnection()
                .call(connection -> connection.query("LISTEN " + CHANGES + "; LISTEN " + TELEMETRY).execute()
                        .onFailure().call(connection::close))
                .subscribe().with(connection -> {
                    PgConnection pg = PgConnection.cast(connection);
                    pg.notificationHandler(this::onNotification);
                    pg.closeHandler(() -> {
                        listener = null;
                        if (!stopped) {
                            LOG.warn("Replica bridge lost its LISTEN connection; reconnecting");
                            vertx.setTimer(100, id -> listen(1));
                        }
                    });
                    listener = connection;
                    // Notifications sent while nobody listened are lost: after a reconnect, and on the first LISTEN
                    // too, since sockets may be accepted before it is up.
                    changes.hintAll();
                }, failure -> {
                    // Short and capped: a replica that cannot LISTEN pushes nothing live, so retry within a second.
                    long delay = Math.min(1000, 100L << Math.min(attempt, 4));
                    LOG.warnf("Replica bridge cannot LISTEN (%s); retrying in %d ms", failure.getMessage(), delay);
                    vertx.setTimer(delay, id -> listen(attempt + 1));
                });
    }

    private void onNotification(PgNotification notification) {
        if (CHANGES.equals(notification.getChannel())) {
            ChangeNotification.parse(notification.getPayload())
                    .ifPresentOrElse(hint -> changes.hint(hint.ownerId(), hint.seq()),
                            () -> LOG.debugf("Ignoring an unreadable change notification"));
            return;
        }
        String[] parts = notification.getPayload().split("\\|", 3);
        if (parts.length != 3 || parts[0].equals(node)) {
            return; // malformed, or our own snapshots (already published in memory)
        }
        try {
            if (TELEMETRY.equals(notification.getChannel())) {
                telemetry.publish(parts[1], json.readValue(parts[2], new TypeReference<List<TelemetrySnapshot>>() { }));
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignoring an unreadable notification on %s: %s", notification.getChannel(), e.getMessage());
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
