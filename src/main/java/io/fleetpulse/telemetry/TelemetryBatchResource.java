package io.fleetpulse.telemetry;

import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.security.OwnerAccess;
import io.fleetpulse.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/**
 * HTTP face of batch ingest across the owner's vehicles. The OwnershipFilter has already applied the
 * device rule at owner level; here each named vehicle is checked with the same rule.
 */
@Path("/api/owners/{ownerId}/telemetry")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TelemetryBatchResource {

    private final TelemetryService service;
    private final OwnerAccess access;
    private final SecurityIdentity identity;

    TelemetryBatchResource(TelemetryService service, OwnerAccess access, SecurityIdentity identity) {
        this.service = service;
        this.access = access;
        this.identity = identity;
    }

    @POST
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
}
