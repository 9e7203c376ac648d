package io.fleetpulse.realtime.signalr;

import io.fleetpulse.config.FleetPulseConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This replica's id (the prefix of the connection tokens it issues) and the registry of replicas in the shared
 * database ({@code signalr_replicas}): each replica refreshes its own row with a heartbeat and looks up the
 * address of another replica when a request of that replica's connection lands here.
 */
@ApplicationScoped
public class HubReplicas {

    private static final Logger LOG = Logger.getLogger(HubReplicas.class);

    private final String replicaId;
    private final Pool pool;
    private final HubConfig config;
    private final Vertx vertx;
    private final String host;
    private volatile int listeningPort;
    private volatile boolean registered;
    private final boolean exitAfterStart;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();

    HubReplicas(Pool pool, HubConfig config, Vertx vertx, @ConfigProperty(name = "quarkus.http.port") int configuredPort,
            FleetPulseConfig fleetPulse) {
        this.exitAfterStart = fleetPulse.exitAfterStart();
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
        byte[] id = new byte[9];
        new SecureRandom().nextBytes(id);
        this.replicaId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        this.host = config.replica().host().orElseGet(HubReplicas::localHost);
        this.listeningPort = configuredPort;
    }

    /** The id that prefixes this replica's connection tokens ({@code <replicaId>.<random>}). */
    public String replicaId() {
        return replicaId;
    }

    // The migrate step (exit-after-start) writes no row: it never serves.
    void start(@Observes StartupEvent event) {
        if (exitAfterStart) {
            return;
        }
        long every = config.replica().heartbeat().toMillis();
        vertx.setPeriodic(100, every, id -> heartbeat().subscribe().with(x -> { },
                failure -> LOG.debugf("SignalR replica heartbeat failed: %s", failure.getMessage())));
    }

    /** The replica's own row, refreshed; rows of replicas silent for ten heartbeats are deleted. */
    Uni<Void> heartbeat() {
        if (effectiveAddress() == null) {
            return Uni.createFrom().voidItem(); // not listening yet
        }
        return pool.preparedQuery("INSERT INTO signalr_replicas (replica_id, address, heartbeat_at) VALUES ($1, $2, now()) "
                        + "ON CONFLICT (replica_id) DO UPDATE SET address = EXCLUDED.address, heartbeat_at = now()")
                .execute(Tuple.of(replicaId, effectiveAddress()))
                .chain(() -> pool.preparedQuery("DELETE FROM signalr_replicas WHERE heartbeat_at < now() - $1 * interval '1 millisecond'")
                        .execute(Tuple.of(config.replica().heartbeat().toMillis() * 10)))
                .replaceWithVoid();
    }

    /** The host:port of a live replica, or empty when it is unknown or silent. */
    Uni<Optional<String>> addressOf(String replica) {
        String cached = addresses.get(replica);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return pool.preparedQuery("SELECT address FROM signalr_replicas WHERE replica_id = $1 "
                        + "AND heartbeat_at > now() - $2 * interval '1 millisecond'")
                .execute(Tuple.of(replica, config.replica().heartbeat().toMillis() * 3))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return Optional.<String>empty();
                    }
                    Row row = iterator.next();
                    String found = row.getString("address");
                    addresses.put(replica, found);
                    return Optional.of(found);
                });
    }

    /** A relay to a cached address failed: look it up again next time. */
    void forget(String replica) {
        addresses.remove(replica);
    }

    /** This replica's host and the port it listens on, or null before that port is known. */
    private String effectiveAddress() {
        int port = listeningPort;
        return port == 0 ? null : host + ":" + port;
    }

    /**
     * Registers this replica before a connection token it issues can reach another one: negotiate calls it with
     * the port the request arrived on (with {@code quarkus.http.port=0} the port is known only then).
     */
    Uni<Void> registered(int port) {
        if (registered && listeningPort == port) {
            return Uni.createFrom().voidItem();
        }
        listeningPort = port;
        return heartbeat().invoke(() -> registered = true);
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
