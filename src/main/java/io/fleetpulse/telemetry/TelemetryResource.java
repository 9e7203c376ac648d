package io.fleetpulse.telemetry;

import io.fleetpulse.api.QueryParams;
import io.fleetpulse.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * HTTP face of one vehicle's telemetry: ingest (owner, staff, and the vehicle's own device) and history.
 * The OwnershipFilter has already applied OwnerAccess, including the device rule on the POST.
 */
@Path("/api/owners/{ownerId}/vehicles/{vehicleId}/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TelemetryResource {

    private final TelemetryService service;

    TelemetryResource(TelemetryService service) {
        this.service = service;
    }

    @POST
    @RolesAllowed({Roles.OWNER, Roles.STAFF, Roles.DEVICE})
    public Uni<IngestResult> ingest(@RestPath String ownerId, @RestPath UUID vehicleId, TelemetryReading reading) {
        return service.ingestOne(ownerId, vehicleId, reading);
    }

    @GET
    @RolesAllowed({Roles.OWNER, Roles.STAFF})
    public Uni<List<TelemetrySnapshot>> history(@RestPath String ownerId, @RestPath UUID vehicleId,
            @RestQuery String from, @RestQuery String to, @RestQuery String limit) {
        return service.history(ownerId, vehicleId, from, to, QueryParams.integer("limit", limit));
    }
}
