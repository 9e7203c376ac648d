package io.fleetpulse.security;

import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
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
    public Uni<Response> authorizeOwner(UriInfo uri) {
        String ownerId = uri.getPathParameters().getFirst("ownerId");
        if (ownerId == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .map(identity -> switch (access.decide(identity, ownerId)) {
                    case UNAUTHENTICATED -> deny(Status.UNAUTHORIZED, "A valid bearer token is required", uri);
                    case FORBIDDEN -> deny(Status.FORBIDDEN, "This token may not access owner " + ownerId, uri);
                    case ALLOWED -> OwnerAccess.isValidOwnerId(ownerId) ? null
                            : ProblemException.badRequest("ownerId", "must be 1-64 characters of A-Z, a-z, 0-9, _ and -")
                                    .problem().withInstance(uri.getPath()).toResponse();
                })
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(() -> deny(Status.UNAUTHORIZED, "A valid bearer token is required", uri));
    }

    private static Response deny(Status status, String detail, UriInfo uri) {
        return Problem.of(status, detail).withInstance(uri.getPath()).toResponse();
    }
}
