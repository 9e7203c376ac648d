package io.fleetpulse.dashboard;

import io.fleetpulse.api.Paging;
import io.fleetpulse.api.QueryParams;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** HTTP face of the owner's dashboard: one load, then follow the socket from X-Change-Seq. */
@Path("/api/owners/{ownerId}/dashboard")
@RolesAllowed({Roles.OWNER, Roles.STAFF})
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private final DashboardService service;
    private final FleetPulseConfig config;

    DashboardResource(DashboardService service, FleetPulseConfig config) {
        this.service = service;
        this.config = config;
    }

    @GET
    public Uni<Response> get(@RestPath String ownerId, @RestQuery String page, @RestQuery String size,
            @RestQuery String reportingWithinMinutes, UriInfo uri) {
        Paging paging = Paging.of(page, size, config.api());
        int window = service.reportingWindow(QueryParams.integer("reportingWithinMinutes", reportingWithinMinutes));
        return service.dashboard(ownerId, paging, window)
                .map(dashboard -> paging.respond(dashboard.latest(), dashboard.latestTotal(), uri)
                        .entity(dashboard)
                        .header(Paging.CHANGE_SEQ, dashboard.seq()).build());
    }
}
