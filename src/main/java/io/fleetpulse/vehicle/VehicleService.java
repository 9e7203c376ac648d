package io.fleetpulse.vehicle;

import io.fleetpulse.api.IfMatch;
import io.fleetpulse.api.Paging;
import io.fleetpulse.changes.ChangeLogReader;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.fleet.FleetRepository;
import io.fleetpulse.telemetry.LatestTelemetryRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Vehicle rules; callers have already been authorized for {@code ownerId}. Every write is a single statement
 * (see {@link VehicleRepository}); the database writes its events (VehicleCreated/Updated/Deleted, then
 * FleetUpdated with each affected fleet's new vehicleCount) in the same transaction.
 */
@ApplicationScoped
public class VehicleService {

    /** One page of vehicles, the total matching the filter, and the change-feed seq it reflects. */
    public record VehiclePage(List<VehicleSummary> items, long total, long seq) {
    }

    private final VehicleRepository vehicles;
    private final FleetRepository fleets;
    private final ChangeLogReader changes;
    private final LatestTelemetryRepository telemetry;

    VehicleService(VehicleRepository vehicles, FleetRepository fleets, ChangeLogReader changes,
            LatestTelemetryRepository telemetry) {
        this.vehicles = vehicles;
        this.fleets = fleets;
        this.changes = changes;
        this.telemetry = telemetry;
    }

    /** The owner's vehicles, or one fleet's (404 when that fleet is not the owner's). */
    public Uni<VehiclePage> list(String ownerId, UUID fleetId, VehicleStatus status, Paging paging) {
        // seq first, as for fleets: the page is at least as new as the seq it reports.
        return changes.currentSeq(ownerId).chain(seq -> Panache.withSession(() -> requireFleet(ownerId, fleetId)
                .chain(() -> vehicles.listOwned(ownerId, fleetId, status, paging.page(), paging.size()))
                // Latest telemetry of the whole page in one query, not one per vehicle.
                .chain(items -> telemetry.latestOf(ownerId, items.stream().map(v -> v.id).toList())
                        .chain(latest -> vehicles.countOwned(ownerId, fleetId, status)
                                .map(total -> new VehiclePage(items.stream()
                                        .map(v -> VehicleSummary.of(v, latest.get(v.id))).toList(), total, seq))))));
    }

    @WithSession
    public Uni<VehicleSummary> get(String ownerId, UUID id) {
        return vehicles.findOwned(ownerId, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Vehicle", id))
                .chain(vehicle -> telemetry.latestOf(ownerId, List.of(vehicle.id))
                        .map(latest -> VehicleSummary.of(vehicle, latest.get(vehicle.id))));
    }

    /** Creates the vehicle in the fleet of the path through {@code client}: VehicleCreated, then FleetUpdated. */
    public Uni<VehicleSummary> create(SqlClient client, String ownerId, UUID fleetId, VehicleRequest request) {
        if (request.fleetId() != null && !request.fleetId().equals(fleetId)) {
            throw ProblemException.badRequest("fleetId", "must be omitted or equal the fleet in the path");
        }
        VehicleStatus status = request.status() == null ? VehicleStatus.ACTIVE : request.status();
        return vehicles.insert(client, ownerId, fields(request, fleetId, status));
    }

    /** Replaces the vehicle's fields; a different {@code fleetId} moves it to that fleet of the same owner. */
    public Uni<VehicleSummary> update(String ownerId, UUID id, VehicleRequest request, IfMatch ifMatch) {
        return vehicles.update(ownerId, id, fields(request, request.fleetId(), request.status()),
                        ifMatch.versions(), request.version())
                .onItem().ifNull().switchTo(() -> whyNot(ownerId, id, ifMatch, request.version()));
    }

    /** VehicleDeleted, then FleetUpdated with the fleet's new vehicleCount. */
    public Uni<Void> delete(String ownerId, UUID id, IfMatch ifMatch) {
        return vehicles.delete(ownerId, id, ifMatch.versions())
                .chain(deleted -> deleted ? Uni.createFrom().voidItem() : whyNot(ownerId, id, ifMatch, null));
    }

    private Uni<Void> requireFleet(String ownerId, UUID fleetId) {
        if (fleetId == null) {
            return Uni.createFrom().voidItem();
        }
        return fleets.findOwned(ownerId, fleetId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Fleet", fleetId))
                .replaceWithVoid();
    }

    /** A conditional write matched no row: 404 when the vehicle is not the owner's, else the stale version. */
    private <T> Uni<T> whyNot(String ownerId, UUID id, IfMatch ifMatch, Long expected) {
        return vehicles.version(ownerId, id).map(current -> {
            if (current == null) {
                throw ProblemException.notFound("Vehicle", id);
            }
            ifMatch.check(current);
            if (expected != null && expected != current.longValue()) {
                throw ProblemException.conflict("version", "version " + expected + " is stale; the current version is "
                        + current);
            }
            throw ProblemException.conflict("version", "the vehicle was changed concurrently; the current version is "
                    + current);
        });
    }

    private static VehicleRepository.Fields fields(VehicleRequest request, UUID fleetId, VehicleStatus status) {
        String plate = request.plate() == null || request.plate().isBlank() ? null : request.plate().strip();
        return new VehicleRepository.Fields(fleetId, request.vin().toUpperCase(Locale.ROOT), plate,
                request.make().strip(), request.model().strip(), request.year(), status);
    }
}
