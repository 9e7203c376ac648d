package io.fleetpulse.realtime.signalr;

import io.fleetpulse.error.Problem;
import io.fleetpulse.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SignalR negotiate for the fleet hub: {@code POST /hub/fleets/negotiate?negotiateVersion=1}. Offers the enabled
 * transports: WebSockets and LongPolling (Text, Binary: JSON or MessagePack) and ServerSentEvents (Text only, as the
 * spec says: a MessagePack client skips it).
 */
@Path(FleetHub.PATH + "/negotiate")
public class HubNegotiateResource {

    private final HubConnectionTokens tokens;
    private final HubReplicas replicas;
    private final SecurityIdentity identity;
    private final List<Map<String, Object>> transports;
    private final boolean statefulReconnect;

    HubNegotiateResource(HubConnectionTokens tokens, SecurityIdentity identity, HubConfig config, HubReplicas replicas) {
        this.tokens = tokens;
        this.replicas = replicas;
        this.identity = identity;
        this.transports = transports(config.transports());
        // The official clients reconnect statefully over WebSockets only.
        this.statefulReconnect = config.statefulReconnect().enabled() && config.transports().webSockets().enabled();
    }

    static List<Map<String, Object>> transports(HubConfig.Transports config) {
        List<Map<String, Object>> offered = new ArrayList<>();
        if (config.webSockets().enabled()) {
            offered.add(Map.of("transport", "WebSockets", "transferFormats", List.of("Text", "Binary")));
        }
        if (config.serverSentEvents().enabled()) {
            offered.add(Map.of("transport", "ServerSentEvents", "transferFormats", List.of("Text")));
        }
        if (config.longPolling().enabled()) {
            offered.add(Map.of("transport", "LongPolling", "transferFormats", List.of("Text", "Binary")));
        }
        return List.copyOf(offered);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OWNER, Roles.STAFF})
    public Uni<Response> negotiate(@QueryParam("negotiateVersion") String negotiateVersion,
            @QueryParam("useStatefulReconnect") boolean useStatefulReconnect, @Context HttpServerRequest request) {
        // The replica is in the registry before its token can reach another replica (which relays by it).
        // Without the database the connection still works as long as its requests reach this replica.
        return replicas.registered(request.localAddress().port()).onFailure().recoverWithNull()
                .map(ignored -> answer(negotiateVersion, useStatefulReconnect && statefulReconnect));
    }

    private Response answer(String negotiateVersion, boolean stateful) {
        HubConnectionTokens.Issued issued = tokens.issue(HubConnectionTokens.userOf(identity), stateful);
        if (issued == null) {
            return Problem.of(Response.Status.TOO_MANY_REQUESTS,
                    "Too many negotiated connections that never connected; connect or wait").toResponse();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connectionId", issued.connectionId());
        if (requestedVersion(negotiateVersion) >= 1) {
            body.put("connectionToken", issued.connectionToken());
            body.put("negotiateVersion", 1);
        } else {
            // Version 0 clients connect with the connectionId: it must be the secret then.
            body.put("connectionId", issued.connectionToken());
            body.put("negotiateVersion", 0);
        }
        body.put("availableTransports", transports);
        if (stateful) {
            // Only when asked: a client that did not ask refuses a server that grants it.
            body.put("useStatefulReconnect", true);
        }
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }

    private static int requestedVersion(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
