package io.fleetpulse.security;

import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Applies {@link OwnerAccess} to every route with an {@code {ownerId}} path parameter, before the resource runs. */
public class OwnershipFilter {

    private final CurrentIdentityAssociation identities;
    private final OwnerAccess access;

    OwnershipFilter(CurrentIdentityAssociation identities, OwnerAccess access) {
        this.identities = identities;
        this.access = access;
    }

    @ServerRequestFilter
    public Uni<Response> authorizeOwner(UriInfo uri, ResourceInfo resource) {
        String ownerId = uri.getPathParameters().getFirst("ownerId");
        if (ownerId == null) {
            return Uni.createFrom().nullItem();
        }
        // Only routes that admit the device role apply the device rule; everywhere else devices are refused.
        boolean deviceRoute = allowsDevices(resource.getResourceMethod());
        String vehicleId = uri.getPathParameters().getFirst("vehicleId");
        return identities.getDeferredIdentity()
                .map(identity -> switch (deviceRoute ? access.decideTelemetryWrite(identity, ownerId, vehicleId)
                        : access.decide(identity, ownerId)) {
                    case UNAUTHENTICATED -> deny(Status.UNAUTHORIZED, "A valid bearer token is required", uri);
                    case FORBIDDEN -> deny(Status.FORBIDDEN, "This token may not access owner " + ownerId, uri);
                    case ALLOWED -> OwnerAccess.isValidOwnerId(ownerId) ? null
                            : ProblemException.badRequest("ownerId", "must be 1-64 characters of A-Z, a-z, 0-9, _ and -")
                                    .problem().withInstance(uri.getPath()).toResponse();
                })
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(() -> deny(Status.UNAUTHORIZED, "A valid bearer token is required", uri));
    }

    private static boolean allowsDevices(Method method) {
        if (method == null) {
            return false;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return roles != null && Arrays.asList(roles.value()).contains(Roles.DEVICE);
    }

    private static Response deny(Status status, String detail, UriInfo uri) {
        return Problem.of(status, detail).withInstance(uri.getPath()).toResponse();
    }
}
