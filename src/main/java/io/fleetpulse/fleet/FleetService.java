package io.fleetpulse.fleet;

import io.fleetpulse.api.ETags;
import io.fleetpulse.api.Paging;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.owner.OwnerRepository;
import io.fleetpulse.realtime.Change;
import io.fleetpulse.realtime.ChangeEvent;
import io.fleetpulse.realtime.ChangeLog;
import io.fleetpulse.realtime.Deleted;
import io.fleetpulse.realtime.PublishChanges;
import io.fleetpulse.vehicle.VehicleRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Fleet rules and transactions; callers have already been authorized for {@code ownerId}. */
@ApplicationScoped
public class FleetService {

    /** One page of fleets, the owner's total, and the change-feed seq the page is at least as new as. */
    public record FleetPage(List<FleetSummary> items, long total, long seq) {
    }

    private final FleetRepository fleets;
    private final VehicleRepository vehicles;
    private final OwnerRepository owners;
    private final ChangeLog changes;

    FleetService(FleetRepository fleets, VehicleRepository vehicles, OwnerRepository owners, ChangeLog changes) {
        this.fleets = fleets;
        this.vehicles = vehicles;
        this.owners = owners;
        this.changes = changes;
    }

    @WithSession
    public Uni<FleetPage> list(String ownerId, Paging paging) {
        // The seq is read first: the page then reflects at least every change up to it, so a client that
        // follows the feed from this seq misses nothing. One session runs one query at a time: chain.
        return changes.currentSeq(ownerId).chain(seq -> fleets.listOwned(ownerId, paging.page(), paging.size())
                .chain(items -> fleets.countOwned(ownerId)
                        .map(total -> new FleetPage(items.stream().map(FleetSummary::of).toList(), total, seq))));
    }

    @WithSession
    public Uni<FleetSummary> get(String ownerId, UUID id) {
        return require(ownerId, id).map(FleetSummary::of);
    }

    @PublishChanges
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
                .map(FleetSummary::of)
                .call(created -> changes.record(ownerId, List.of(new Change(ChangeEvent.FLEET_CREATED, created))));
    }

    @PublishChanges
    @WithTransaction
    public Uni<FleetSummary> update(String ownerId, UUID id, FleetRequest request, String ifMatch) {
        String name = request.name().strip();
        return require(ownerId, id)
                .invoke(fleet -> checkVersion(fleet.version, request.version(), ifMatch))
                .call(fleet -> requireNameFree(ownerId, name, id))
                .chain(fleet -> {
                    String description = blankToNull(request.description());
                    if (name.equals(fleet.name) && Objects.equals(description, fleet.description)) {
                        return Uni.createFrom().item(FleetSummary.of(fleet));
                    }
                    fleet.name = name;
                    fleet.description = description;
                    fleet.updatedAt = now();
                    return fleets.persistAndFlush(fleet).map(FleetSummary::of)
                            .call(updated -> changes.record(ownerId,
                                    List.of(new Change(ChangeEvent.FLEET_UPDATED, updated))));
                });
    }

    /** Deletes the fleet and, first, every vehicle in it: VehicleDeleted for each, then FleetDeleted. */
    @PublishChanges
    @WithTransaction
    public Uni<Void> delete(String ownerId, UUID id, String ifMatch) {
        return require(ownerId, id)
                .invoke(fleet -> ETags.checkIfMatch(ifMatch, fleet.version))
                .chain(fleet -> vehicles.listInFleet(ownerId, id)
                        .call(() -> vehicles.deleteInFleet(ownerId, id))
                        .call(() -> fleets.delete(fleet))
                        .call(fleets::flush)
                        .chain(gone -> {
                            List<Change> events = new ArrayList<>(gone.size() + 1);
                            gone.forEach(v -> events.add(new Change(ChangeEvent.VEHICLE_DELETED, new Deleted(v.id, id))));
                            events.add(new Change(ChangeEvent.FLEET_DELETED, new Deleted(id, null)));
                            return changes.record(ownerId, events);
                        }))
                .replaceWithVoid();
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
