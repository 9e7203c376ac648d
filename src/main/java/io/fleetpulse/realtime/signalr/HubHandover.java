package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Moves a hub connection to the replica its client's socket reached: no sticky sessions for WebSockets either.
 * That replica asks the one holding the connection (the token's prefix, or the holder named in
 * {@code signalr_resumable}) to hand it over ({@code POST /hub/fleets/handover?id=}, with the client's own
 * bearer token: only the connection's user gets it), or takes the state a replica stored when it shut down.
 * A negotiated token whose socket never opened moves the same way.
 */
@ApplicationScoped
public class HubHandover {

    static final String PATH = FleetHub.PATH + "/handover";
    private static final Logger LOG = Logger.getLogger(HubHandover.class);

    private final HubConnectionTokens tokens;
    private final HubReplicas replicas;
    private final HubRelay relay;
    private final IdentityProviderManager identities;
    private final ObjectMapper json;
    private final Pool pool;
    private final HubConfig config;
    /** Lazily: the hub endpoint depends on this class. */
    private final jakarta.enterprise.inject.Instance<FleetHub> hub;

    HubHandover(HubConnectionTokens tokens, HubReplicas replicas, HubRelay relay, IdentityProviderManager identities,
            ObjectMapper json, Pool pool, HubConfig config, jakarta.enterprise.inject.Instance<FleetHub> hub) {
        this.hub = hub;
        this.tokens = tokens;
        this.replicas = replicas;
        this.relay = relay;
        this.identities = identities;
        this.json = json;
        this.pool = pool;
        this.config = config;
    }

    void register(@Observes Router router, io.vertx.core.Vertx vertx) {
        router.post(PATH).handler(this::handOver);
        vertx.setPeriodic(60_000, id -> prune().subscribe().with(x -> { }, x -> { }));
    }

    /**
     * The upgrade of a token this replica does not know: fetches its connection from where it is (true when it
     * is here now). Never fails: without it the upgrade check answers 404 as for any unknown token.
     */
    Uni<Boolean> fetch(String token, SecurityIdentity identity, String authorization) {
        String user = HubConnectionTokens.userOf(identity);
        String hash = hash(token);
        return pool.preparedQuery("SELECT holder FROM signalr_resumable WHERE token_hash = $1 AND expires_at > now()")
                .execute(Tuple.of(hash))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("holder") : HubConnectionTokens.replicaOf(token))
                .chain(holder -> holder == null || holder.equals(replicas.replicaId())
                        ? Uni.createFrom().item(Optional.<String>empty()) : relay.handOver(holder, token, authorization))
                .chain(answer -> answer.isPresent() ? Uni.createFrom().item(answer) : stored(hash, user))
                .chain(answer -> {
                    if (answer.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    HubConnectionState state = read(answer.get());
                    if (state == null || !state.user().equals(user)) {
                        return Uni.createFrom().item(false);
                    }
                    tokens.adopt(token, state);
                    // A stateful connection may move again: the next replica must learn that this one holds it now.
                    return !state.stateful() ? Uni.createFrom().item(true)
                            : pool.preparedQuery("INSERT INTO signalr_resumable (token_hash, holder, user_key, state, expires_at) "
                                    + "VALUES ($1, $2, $3, NULL, now() + $4 * interval '1 second') ON CONFLICT (token_hash) DO UPDATE "
                                    + "SET holder = EXCLUDED.holder, state = NULL, expires_at = EXCLUDED.expires_at")
                                    .execute(Tuple.of(hash, replicas.replicaId(), user, lifetimeSeconds(identity)))
                                    .map(ignored -> true).onFailure().recoverWithItem(true);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("SignalR connection hand-over failed: %s", failure.getMessage());
                    return false;
                });
    }

    /** The state a replica stored at its shutdown, taken (only once, only by its user). */
    private Uni<Optional<String>> stored(String hash, String user) {
        return pool.preparedQuery("DELETE FROM signalr_resumable WHERE token_hash = $1 AND user_key = $2 "
                        + "AND state IS NOT NULL AND expires_at > now() RETURNING state")
                .execute(Tuple.of(hash, user))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString("state")) : Optional.empty());
    }

    /** Another replica asks for a connection held here (the client's socket reached it): its state, now forgotten here. */
    private void handOver(RoutingContext context) {
        String token = context.request().getParam("id");
        if (token == null || !HubRelay.relayed(context.request()) || context.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            context.response().setStatusCode(404).end();
            return;
        }
        QuarkusHttpUser.getSecurityIdentity(context, identities).chain(identity -> {
            if (!HubConnectionTokens.mayTakeOver(identity)) {
                return Uni.createFrom().<HubConnectionState>nullItem();
            }
            String user = HubConnectionTokens.userOf(identity);
            // The client's next socket reached another replica before this one saw the previous socket drop.
            Uni<Void> free = tokens.openStatefully(token, user) ? hub.get().takeOver(token, user) : Uni.createFrom().voidItem();
            return free.map(ignored -> tokens.handOver(token, user));
        }).subscribe().with(state -> {
            if (state == null) {
                context.response().setStatusCode(404).end();
                return;
            }
            context.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(write(state));
        }, failure -> context.response().setStatusCode(404).end());
    }

    /** At shutdown: the dropped stateful connections waiting here, stored for the replica their clients reach next. */
    Uni<Void> storeWaiting() {
        Map<String, HubConnectionState> waiting = tokens.waitingStates();
        if (waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        waiting.forEach((token, state) -> rows.add(Tuple.of(hash(token), replicas.replicaId(), state.user(), write(state),
                config.statefulReconnect().window().toSeconds())));
        return pool.preparedQuery("INSERT INTO signalr_resumable (token_hash, holder, user_key, state, expires_at) "
                        + "VALUES ($1, $2, $3, $4, now() + $5 * interval '1 second') ON CONFLICT (token_hash) DO UPDATE "
                        + "SET holder = EXCLUDED.holder, state = EXCLUDED.state, expires_at = EXCLUDED.expires_at")
                .executeBatch(rows)
                .invoke(() -> {
                    waiting.keySet().forEach(tokens::forgetWaiting);
                    LOG.infof("Stored %d SignalR connections for their clients' reconnect to another replica", waiting.size());
                })
                .replaceWithVoid();
    }

    /** Rows past their time (with the replica heartbeat). */
    Uni<RowSet<Row>> prune() {
        return pool.query("DELETE FROM signalr_resumable WHERE expires_at < now()").execute();
    }

    private long lifetimeSeconds(SecurityIdentity identity) {
        long window = config.statefulReconnect().window().toSeconds();
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            return Math.max(window, jwt.getExpirationTime() - System.currentTimeMillis() / 1000 + window);
        }
        return 86_400;
    }

    private String write(HubConnectionState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a hub connection state", e);
        }
    }

    private HubConnectionState read(String state) {
        try {
            return json.readValue(state, HubConnectionState.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("Unreadable SignalR connection state: %s", e.getOriginalMessage());
            return null;
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
