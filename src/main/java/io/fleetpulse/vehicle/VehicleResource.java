package io.fleetpulse.vehicle;

import io.fleetpulse.api.ETags;
import io.fleetpulse.api.IfMatch;
import io.fleetpulse.api.Paging;
import io.fleetpulse.api.QueryParams;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** HTTP face of an owner's vehicles across fleets. */
@Path("/api/owners/{ownerId}/vehicles")
@RolesAllowed({Roles.OWNER, Roles.STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VehicleResource {

    private final VehicleService service;
    private final FleetPulseConfig config;

    VehicleResource(VehicleService service, FleetPulseConfig config) {
        this.service = service;
        this.config = config;
    }

    @GET
    public Uni<Response> list(@RestPath String ownerId, @RestQuery String fleetId, @RestQuery String status,
            @RestQuery String page, @RestQuery String size, UriInfo uri) {
        Paging paging = Paging.of(page, size, config.api());
        return service.list(ownerId, QueryParams.uuid("fleetId", fleetId),
                        QueryParams.oneOf(VehicleStatus.class, "status", status), paging)
                .map(result -> paging.respond(result.items(), result.total(), uri)
                        .header(Paging.CHANGE_SEQ, result.seq()).build());
    }

    @GET
    @Path("/{vehicleId}")
    public Uni<Response> get(@RestPath String ownerId, @RestPath UUID vehicleId) {
        return service.get(ownerId, vehicleId).map(VehicleResource::ok);
    }

    @PUT
    @Path("/{vehicleId}")
    public Uni<Response> update(@RestPath String ownerId, @RestPath UUID vehicleId,
            @Parameter(description = "ETag of the version this write is based on (412 when stale)",
                    schema = @Schema(type = SchemaType.STRING)) @RestHeader("If-Match") @DefaultValue("*") IfMatch ifMatch, @Valid @NotNull VehicleRequest request) {
        return service.update(ownerId, vehicleId, request, ifMatch).map(VehicleResource::ok);
    }

    @DELETE
    @Path("/{vehicleId}")
    public Uni<Response> delete(@RestPath String ownerId, @RestPath UUID vehicleId,
            @Parameter(description = "ETag of the version this write is based on (412 when stale)",
                    schema = @Schema(type = SchemaType.STRING)) @RestHeader("If-Match") @DefaultValue("*") IfMatch ifMatch) {
        return service.delete(ownerId, vehicleId, ifMatch).map(ignored -> Response.noContent().build());
    }

    static Response ok(VehicleSummary vehicle) {
        return Response.ok(vehicle).header(HttpHeaders.ETAG, ETags.of(vehicle.version())).build();
    }
}
