package io.fleetpulse.security;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rate limits per token subject on this replica (token buckets, {@code fleetpulse.security.rate-limit.*}):
 * writes of fleets and vehicles and telemetry POSTs have separate buckets; an empty bucket is 429
 * problem+json with Retry-After. Runs after {@link OwnershipFilter}, so refused calls cost nothing; reads
 * are not limited. With N replicas behind a balancer a subject gets up to N times the rate.
 */
@Singleton
public class RateLimitFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

    private final CurrentIdentityAssociation identities;
    // Filters are created during static init, before runtime configuration exists: set up on first use.
    private final jakarta.inject.Provider<FleetPulseConfig> config;
    private final jakarta.inject.Provider<MeterRegistry> registry;
    private volatile Limits limits;

    /** The buckets (null when a limit is disabled) and their refusal counters. */
    private record Limits(TokenBuckets writes, TokenBuckets telemetry, Counter limitedWrites, Counter limitedTelemetry) {
    }

    RateLimitFilter(CurrentIdentityAssociation identities, jakarta.inject.Provider<FleetPulseConfig> config,
            jakarta.inject.Provider<MeterRegistry> registry) {
        this.identities = identities;
        this.config = config;
        this.registry = registry;
    }

    private Limits limits() {
        Limits current = limits;
        if (current == null) {
            synchronized (this) {
                if (limits == null) {
                    FleetPulseConfig.Security.RateLimits settings = config.get().security().rateLimit();
                    limits = new Limits(buckets(settings.writes()), buckets(settings.telemetry()),
                            limited(registry.get(), "writes"), limited(registry.get(), "telemetry"));
                }
                current = limits;
            }
        }
        return current;
    }

    private static TokenBuckets buckets(FleetPulseConfig.Security.RateLimits.Bucket bucket) {
        return bucket.enabled() ? new TokenBuckets(bucket.perSecond(), bucket.burst(), System::nanoTime) : null;
    }

    private static Counter limited(MeterRegistry registry, String kind) {
        return Counter.builder("fleetpulse.rate.limited").description("Requests refused with 429 by a rate limit")
                .tag("kind", kind).register(registry);
    }

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Uni<Response> limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!WRITES.contains(request.getMethod()) || !path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        boolean isTelemetry = path.endsWith("/telemetry");
        Limits limits = limits();
        TokenBuckets buckets = isTelemetry ? limits.telemetry() : limits.writes();
        if (buckets == null) {
            return Uni.createFrom().nullItem();
        }
        Counter refused = isTelemetry ? limits.limitedTelemetry() : limits.limitedWrites();
        return identities.getDeferredIdentity().map(identity -> take(identity, buckets, refused, isTelemetry, path))
                .onFailure().recoverWithNull(); // authentication failures are answered by the ownership filter
    }

    private static Response take(SecurityIdentity identity, TokenBuckets buckets, Counter refused, boolean isTelemetry,
            String path) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        long retryAfter = buckets.take(identity.getPrincipal().getName());
        if (retryAfter == 0) {
            return null;
        }
        refused.increment();
        Response problem = Problem.of(Response.Status.TOO_MANY_REQUESTS, "Too many " + (isTelemetry ? "telemetry posts"
                : "writes") + " with this token; retry after " + retryAfter + " s").withInstance(path).toResponse();
        return Response.fromResponse(problem).header("Retry-After", retryAfter).build();
    }
}
