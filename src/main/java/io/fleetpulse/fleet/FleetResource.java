package io.fleetpulse.fleet;

import io.fleetpulse.api.ETags;
import io.fleetpulse.api.IdempotentCreates;
import io.fleetpulse.api.IfMatch;
import io.fleetpulse.api.Paging;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** HTTP face of an owner's fleets: status codes, headers, nothing else. */
@Path("/api/owners/{ownerId}/fleets")
@RolesAllowed({Roles.OWNER, Roles.STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FleetResource {

    private final FleetService service;
    private final IdempotentCreates creates;
    private final FleetPulseConfig config;

    FleetResource(FleetService service, IdempotentCreates creates, FleetPulseConfig config) {
        this.service = service;
        this.creates = creates;
        this.config = config;
    }

    @GET
    public Uni<Response> list(@RestPath String ownerId, @RestQuery String page, @RestQuery String size,
            UriInfo uri) {
        Paging paging = Paging.of(page, size, config.api());
        return service.list(ownerId, paging)
                .map(result -> paging.respond(result.items(), result.total(), uri)
                        .header(Paging.CHANGE_SEQ, result.seq()).build());
    }

    @POST
    public Uni<Response> create(@RestPath String ownerId, @Valid @NotNull FleetRequest request,
            @Parameter(description = "Makes a retry after a lost response return the first answer (24 h)")
            @RestHeader(IdempotentCreates.HEADER) String idempotencyKey, UriInfo uri) {
        return creates.create(ownerId, idempotencyKey, request, uri, client -> service.create(client, ownerId, request)
                .map(fleet -> new IdempotentCreates.Created(uri.getPath() + "/" + fleet.id(), fleet.version(), fleet)));
    }

    @GET
    @Path("/{fleetId}")
    public Uni<Response> get(@RestPath String ownerId, @RestPath UUID fleetId) {
        return service.get(ownerId, fleetId).map(FleetResource::ok);
    }

    @PUT
    @Path("/{fleetId}")
    public Uni<Response> update(@RestPath String ownerId, @RestPath UUID fleetId,
            @Parameter(description = "ETag of the version this write is based on (412 when stale)",
                    schema = @Schema(type = SchemaType.STRING)) @RestHeader("If-Match") @DefaultValue("*") IfMatch ifMatch, @Valid @NotNull FleetRequest request) {
        return service.update(ownerId, fleetId, request, ifMatch).map(FleetResource::ok);
    }

    @DELETE
    @Path("/{fleetId}")
    public Uni<Response> delete(@RestPath String ownerId, @RestPath UUID fleetId,
            @Parameter(description = "ETag of the version this write is based on (412 when stale)",
                    schema = @Schema(type = SchemaType.STRING)) @RestHeader("If-Match") @DefaultValue("*") IfMatch ifMatch) {
        return service.delete(ownerId, fleetId, ifMatch).map(ignored -> Response.noContent().build());
    }

    private static Response ok(FleetSummary fleet) {
        return Response.ok(fleet).header(HttpHeaders.ETAG, ETags.of(fleet.version())).build();
    }
}
