package io.fleetpulse.telemetry;

import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * HTTP face of telemetry: ingest (owner, staff, and devices for their own vehicle) and history. The
 * OwnershipFilter has already applied OwnerAccess, including the device rule on the ingest routes.
 */
@Path("/api/owners/{ownerId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TelemetryResource {

    private final TelemetryService service;
    private final OwnerAccess access;
    private final SecurityIdentity identity;

    TelemetryResource(TelemetryService service, OwnerAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @POST
    @Path("/vehicles/{vehicleId}/telemetry")
    @RolesAllowed({Roles.OWNER, Roles.STAFF, Roles.DEVICE})
    public Uni<IngestResult> ingest(@RestPath String ownerId, @RestPath UUID vehicleId, TelemetryReading reading) {
        return service.ingestOne(ownerId, vehicleId, reading);
    }

    @POST
    @Path("/telemetry")
    @RolesAllowed({Roles.OWNER, Roles.STAFF, Roles.DEVICE})
    public Uni<IngestResult> ingestBatch(@RestPath String ownerId, TelemetryBatch batch) {
        // A device may only write its own vehicle: one foreign entry refuses the whole batch, before storing.
        for (String vehicleId : TelemetryService.vehicleIdsOf(batch)) {
            if (access.decideTelemetryWrite(identity, ownerId, vehicleId) != OwnerAccess.Decision.ALLOWED) {
                throw new ProblemException(Problem.of(Response.Status.FORBIDDEN,
                        "This token may not write telemetry of vehicle " + vehicleId));
            }
        }
        return service.ingestBatch(ownerId, batch);
    }

    @GET
    @Path("/vehicles/{vehicleId}/telemetry")
    @RolesAllowed({Roles.OWNER, Roles.STAFF})
    public Uni<List<TelemetrySnapshot>> history(@RestPath String ownerId, @RestPath UUID vehicleId,
            @RestQuery String from, @RestQuery String to, @RestQuery Integer limit) {
        return service.history(ownerId, vehicleId, from, to, limit);
    }
}
