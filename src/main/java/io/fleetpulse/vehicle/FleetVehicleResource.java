package io.fleetpulse.vehicle;

import io.fleetpulse.api.IdempotentCreates;
import io.fleetpulse.api.Paging;
import io.fleetpulse.api.QueryParams;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** HTTP face of the vehicles of one fleet; new vehicles are created here. */
@Path("/api/owners/{ownerId}/fleets/{fleetId}/vehicles")
@RolesAllowed({Roles.OWNER, Roles.STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FleetVehicleResource {

    private final VehicleService service;
    private final IdempotentCreates creates;
    private final FleetPulseConfig config;

    FleetVehicleResource(VehicleService service, IdempotentCreates creates, FleetPulseConfig config) {
        this.service = service;
        this.creates = creates;
        this.config = config;
    }

    @GET
    public Uni<Response> list(@RestPath String ownerId, @RestPath UUID fleetId, @RestQuery String status,
            @RestQuery String page, @RestQuery String size, UriInfo uri) {
        Paging paging = Paging.of(page, size, config.api());
        return service.list(ownerId, fleetId, QueryParams.oneOf(VehicleStatus.class, "status", status), paging)
                .map(result -> paging.respond(result.items(), result.total(), uri)
                        .header(Paging.CHANGE_SEQ, result.seq()).build());
    }

    @POST
    public Uni<Response> create(@RestPath String ownerId, @RestPath UUID fleetId,
            @Valid @NotNull VehicleRequest request,
            @Parameter(description = "Makes a retry after a lost response return the first answer (24 h)")
            @RestHeader(IdempotentCreates.HEADER) String idempotencyKey, UriInfo uri) {
        // The canonical URL of a vehicle is owner-wide, not under its (changeable) fleet.
        return creates.create(ownerId, idempotencyKey, request, uri, client -> service.create(client, ownerId, fleetId, request)
                .map(vehicle -> new IdempotentCreates.Created("/api/owners/" + ownerId + "/vehicles/" + vehicle.id(),
                        vehicle.version(), vehicle)));
    }
}
