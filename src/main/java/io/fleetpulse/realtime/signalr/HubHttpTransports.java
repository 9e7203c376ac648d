package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.error.Problem;
import io.fleetpulse.realtime.ChangeFeed;
import io.fleetpulse.realtime.TelemetryFeed;
import io.fleetpulse.security.AccessTokenQueryParameter;
import io.fleetpulse.security.ConnectionCaps;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.RealtimeUpgradeCheck;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Server-Sent Events and Long Polling transports of the hub: {@code GET /hub/fleets?id=<token>} opens the
 * event stream or polls, {@code POST} sends records, {@code DELETE} ends the connection. Same admission as the
 * WebSocket transport (Origin, token, role, negotiated token of the same user, connection caps); unknown or
 * ended connection 404. A request of a
 * connection another replica holds (its token's prefix) is sent there by {@link HubRelay}.
 */
@ApplicationScoped
public class HubHttpTransports {

    private final HubSession.Dependencies dependencies;
    private final HubConfig config;
    private final HubConnectionTokens tokens;
    private final RealtimeUpgradeCheck admission;
    private final ConnectionCaps caps;
    private final IdentityProviderManager identities;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final HubReplicas replicas;
    private final HubRelay relay;
    private final Map<String, HttpHubConnection> connections = new ConcurrentHashMap<>();

    HubHttpTransports(ChangeFeed feed, TelemetryFeed telemetry, OwnerAccess access, HubProtocol protocol, HubConfig config,
            HubConnectionTokens tokens, RealtimeUpgradeCheck admission, ConnectionCaps caps,
            IdentityProviderManager identities, ObjectMapper json, Vertx vertx, HubReplicas replicas, HubRelay relay) {
        this.replicas = replicas;
        this.relay = relay;
        this.dependencies = new HubSession.Dependencies(feed, telemetry, access, protocol, config, vertx);
        this.config = config;
        this.tokens = tokens;
        this.admission = admission;
        this.caps = caps;
        this.identities = identities;
        this.json = json;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.route(FleetHub.PATH).handler(this::handle);
        vertx.setPeriodic(1000, id -> sweep());
    }

    /**
     * As ShutdownDrain does for sockets: at the shutdown delay (and at shutdown proper) every SSE / Long Polling
     * connection gets a Close record with allowReconnect, so its client reconnects to another replica at once.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        closeAll();
    }

    private void closeAll() {
        connections.values().stream().filter(connection -> !connection.ended() && connection.session() != null)
                .forEach(connection -> connection.session().closeWithError("The server is shutting down; reconnect.", true));
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            context.next(); // the WebSocket transport (FleetHub); websockets-next passes other requests on
            return;
        }
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.POST && method != HttpMethod.DELETE) {
            problem(context, Response.Status.METHOD_NOT_ALLOWED, "GET, POST or DELETE");
            return;
        }
        String token = request.getParam("id");
        if (token == null || token.isBlank()) {
            problem(context, Response.Status.BAD_REQUEST, "The query parameter 'id' (the connection token) is required");
            return;
        }
        String replica = HubConnectionTokens.replicaOf(token);
        if (replica != null && !replica.equals(replicas.replicaId())) {
            if (HubRelay.relayed(request)) {
                problem(context, Response.Status.NOT_FOUND, "No such connection; negotiate again");
            } else {
                relay.forward(context, replica); // that replica holds the connection and decides everything
            }
            return;
        }
        if (!admission.originAllowed(request)) {
            problem(context, Response.Status.FORBIDDEN, "Origin not allowed");
            return;
        }
        if (method == HttpMethod.GET && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            // EventSource cannot set headers: browsers' SSE clients send the JWT as ?access_token= (never logged).
            String query = request.getParam(AccessTokenQueryParameter.PARAMETER);
            if (query != null && !query.isBlank()) {
                request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + query);
            }
        }
        request.pause(); // a POST's body waits until the caller is known
        QuarkusHttpUser.getSecurityIdentity(context, identities).subscribe().with(
                identity -> {
                    authenticated(context, identity, token); // sets a POST's body handlers first
                    request.resume();
                },
                failure -> {
                    request.resume();
                    if (!context.response().headWritten()) {
                        unauthorized(context);
                    }
                });
    }

    private void authenticated(RoutingContext context, SecurityIdentity identity, String token) {
        if (identity == null || identity.isAnonymous()) {
            unauthorized(context);
            return;
        }
        if (!RealtimeUpgradeCheck.mayFollowFeeds(identity)) {
            problem(context, Response.Status.FORBIDDEN, "Only owners and staff follow the hub");
            return;
        }
        String user = HubConnectionTokens.userOf(identity);
        HttpHubConnection connection = connections.get(token);
        if (connection != null && !connection.user.equals(user)) {
            problem(context, Response.Status.FORBIDDEN, "The connection belongs to another user");
            return;
        }
        HttpMethod method = context.request().method();
        if (method == HttpMethod.GET) {
            if (connection != null) {
                connection.get(context.response());
            } else {
                open(context, identity, user, token);
            }
        } else if (connection == null || connection.ended()) {
            problem(context, Response.Status.NOT_FOUND, "No such connection; negotiate again");
        } else if (method == HttpMethod.DELETE) {
            connection.end();
            context.response().setStatusCode(202).putHeader("Content-Type", "text/plain").end();
        } else {
            HubPostBody.read(context, config.maxMessageSize(), json, body -> connection.session().onMessage(body)
                    .subscribe().with(
                            ignored -> context.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end(),
                            failure -> problem(context, Response.Status.INTERNAL_SERVER_ERROR, "The message could not be handled")));
        }
    }

    /** The first GET of a negotiated token: opens the event stream, or answers the first poll. */
    private void open(RoutingContext context, SecurityIdentity identity, String user, String token) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        boolean sse = accept != null && accept.contains("text/event-stream");
        if (!(sse ? config.transports().serverSentEvents().enabled() : config.transports().longPolling().enabled())) {
            problem(context, Response.Status.NOT_FOUND, (sse ? "ServerSentEvents" : "LongPolling") + " is disabled");
            return;
        }
        switch (tokens.claim(token, user)) {
            case UNKNOWN -> problem(context, Response.Status.NOT_FOUND, "No such connection; negotiate again");
            case IN_USE, RESUMED -> problem(context, Response.Status.CONFLICT, "The connection is already in use");
            case OTHER_USER -> problem(context, Response.Status.FORBIDDEN, "The connection belongs to another user");
            case CLAIMED -> {
                String subject = RealtimeUpgradeCheck.subjectOf(identity);
                String owner = OwnerAccess.ownerIdOf(identity);
                if (!caps.acquire(ConnectionCaps.Protocol.signalr, subject, owner)) {
                    tokens.release(token);
                    problem(context, Response.Status.TOO_MANY_REQUESTS,
                            "Too many open connections for this user or owner; close other tabs");
                    return;
                }
                tokens.opened(token);
                HttpHubConnection[] created = new HttpHubConnection[1];
                created[0] = sse ? new ServerSentEventsConnection(token, user, identity, context.response())
                        : new LongPollingConnection(token, user, identity, vertx, config, () -> tooSlow(created[0]));
                HttpHubConnection connection = created[0];
                HubSession session = new HubSession(connection, identity, dependencies);
                connection.attach(session, () -> {
                    caps.release(subject, owner);
                    tokens.release(token);
                    if (connection instanceof ServerSentEventsConnection) {
                        connections.remove(token, connection);
                    }
                });
                connections.put(token, connection);
                session.start();
                if (connection instanceof ServerSentEventsConnection stream) {
                    stream.open();
                } else {
                    connection.get(context.response());
                }
            }
        }
    }

    private static void tooSlow(HttpHubConnection connection) {
        connection.session().closeWithError(
                "Too slow: the connection fell too far behind; reconnect and rejoin with sinceSeq.", true);
    }

    /** Ends connections without a request for the disconnect timeout, and forgets ended ones once drained. */
    private void sweep() {
        tokens.sweep(); // dropped stateful connections whose reconnect window has passed
        long timeout = config.disconnectTimeout().toMillis();
        connections.values().forEach(connection -> {
            if (connection.ended()) {
                if (connection.drained() || connection.idleMillis() > timeout) {
                    connections.remove(connection.token, connection);
                }
            } else if (connection.idleMillis() > timeout) {
                connection.end();
            }
        });
    }

    private void unauthorized(RoutingContext context) {
        context.response().putHeader("WWW-Authenticate", "Bearer");
        problem(context, Response.Status.UNAUTHORIZED, "A valid bearer token is required");
    }

    void problem(RoutingContext context, Response.Status status, String detail) {
        HubPostBody.problem(context, Problem.of(status, detail), json);
    }
}
