package io.fleetpulse.fleet;

import io.fleetpulse.api.ETags;
import io.fleetpulse.api.Paging;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.owner.OwnerRepository;
import io.fleetpulse.vehicle.VehicleRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Fleet rules and transactions; callers have already been authorized for {@code ownerId}. */
@ApplicationScoped
public class FleetService {

    /** One page of fleets and the owner's total. */
    public record FleetPage(List<FleetSummary> items, long total) {
    }

    private final FleetRepository fleets;
    private final VehicleRepository vehicles;
    private final OwnerRepository owners;

    FleetService(FleetRepository fleets, VehicleRepository vehicles, OwnerRepository owners) {
        this.fleets = fleets;
        this.vehicles = vehicles;
        this.owners = owners;
    }

    @WithSession
    public Uni<FleetPage> list(String ownerId, Paging paging) {
        // One session runs one query at a time: chain, never combine.
        return fleets.listOwned(ownerId, paging.page(), paging.size())
                .chain(items -> fleets.countOwned(ownerId)
                        .map(total -> new FleetPage(items.stream().map(FleetSummary::of).toList(), total)));
    }

    @WithSession
    public Uni<FleetSummary> get(String ownerId, UUID id) {
        return require(ownerId, id).map(FleetSummary::of);
    }

    @WithTransaction
    public Uni<FleetSummary> create(String ownerId, FleetRequest request) {
        String name = request.name().strip();
        return owners.ensureExists(ownerId)
                .chain(() -> requireNameFree(ownerId, name, UUID.randomUUID()))
                .chain(() -> {
                    Fleet fleet = new Fleet();
                    fleet.id = UUID.randomUUID();
                    fleet.ownerId = ownerId;
                    fleet.name = name;
                    fleet.description = blankToNull(request.description());
                    fleet.createdAt = now();
                    fleet.updatedAt = fleet.createdAt;
                    return fleets.persistAndFlush(fleet);
                })
                .map(FleetSummary::of);
    }

    @WithTransaction
    public Uni<FleetSummary> update(String ownerId, UUID id, FleetRequest request, String ifMatch) {
        String name = request.name().strip();
        return require(ownerId, id)
                .invoke(fleet -> checkVersion(fleet.version, request.version(), ifMatch))
                .call(fleet -> requireNameFree(ownerId, name, id))
                .chain(fleet -> {
                    String description = blankToNull(request.description());
                    if (name.equals(fleet.name) && java.util.Objects.equals(description, fleet.description)) {
                        return Uni.createFrom().item(fleet);
                    }
                    fleet.name = name;
                    fleet.description = description;
                    fleet.updatedAt = now();
                    return fleets.persistAndFlush(fleet);
                })
                .map(FleetSummary::of);
    }

    /** Deletes the fleet and, first, every vehicle in it. */
    @WithTransaction
    public Uni<Void> delete(String ownerId, UUID id, String ifMatch) {
        return require(ownerId, id)
                .invoke(fleet -> ETags.checkIfMatch(ifMatch, fleet.version))
                .call(fleet -> vehicles.deleteInFleet(ownerId, id))
                .chain(fleet -> fleets.delete(fleet))
                .call(fleets::flush);
    }

    private Uni<Fleet> require(String ownerId, UUID id) {
        return fleets.findOwned(ownerId, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Fleet", id));
    }

    private Uni<Void> requireNameFree(String ownerId, String name, UUID except) {
        return fleets.nameTaken(ownerId, name, except)
                .invoke(taken -> {
                    if (taken) {
                        throw ProblemException.conflict("name", "A fleet named '" + name + "' already exists");
                    }
                })
                .replaceWithVoid();
    }

    static void checkVersion(long current, Long expected, String ifMatch) {
        ETags.checkIfMatch(ifMatch, current);
        if (expected != null && expected != current) {
            throw ProblemException.conflict("version", "version " + expected + " is stale; the current version is " + current);
        }
    }

    static Instant now() {
        // PostgreSQL keeps microseconds; returning more would differ from what a later GET reads.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
