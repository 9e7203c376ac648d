package io.fleetpulse.vehicle;

import io.fleetpulse.api.ETags;
import io.fleetpulse.api.Paging;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.fleet.FleetRepository;
import io.fleetpulse.fleet.FleetSummary;
import io.fleetpulse.realtime.Change;
import io.fleetpulse.realtime.ChangeEvent;
import io.fleetpulse.realtime.ChangeLog;
import io.fleetpulse.realtime.Deleted;
import io.fleetpulse.realtime.PublishChanges;
import io.fleetpulse.telemetry.LatestTelemetryRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** Vehicle rules and transactions; callers have already been authorized for {@code ownerId}. */
@ApplicationScoped
public class VehicleService {

    /** One page of vehicles, the total matching the filter, and the change-feed seq it reflects. */
    public record VehiclePage(List<VehicleSummary> items, long total, long seq) {
    }

    private final VehicleRepository vehicles;
    private final FleetRepository fleets;
    private final ChangeLog changes;
    private final LatestTelemetryRepository telemetry;

    VehicleService(VehicleRepository vehicles, FleetRepository fleets, ChangeLog changes,
            LatestTelemetryRepository telemetry) {
        this.vehicles = vehicles;
        this.fleets = fleets;
        this.changes = changes;
        this.telemetry = telemetry;
    }

    /** The owner's vehicles, or one fleet's (404 when that fleet is not the owner's). */
    @WithSession
    public Uni<VehiclePage> list(String ownerId, UUID fleetId, VehicleStatus status, Paging paging) {
        Uni<Void> fleetExists = fleetId == null ? Uni.createFrom().voidItem() : requireFleet(ownerId, fleetId);
        // seq first, as for fleets: the page is at least as new as the seq it reports.
        return changes.currentSeq(ownerId).chain(seq -> fleetExists
                .chain(() -> vehicles.listOwned(ownerId, fleetId, status, paging.page(), paging.size()))
                // Latest telemetry of the whole page in one query, not one per vehicle.
                .chain(items -> telemetry.latestOf(ownerId, items.stream().map(v -> v.id).toList())
                        .chain(latest -> vehicles.countOwned(ownerId, fleetId, status)
                                .map(total -> new VehiclePage(items.stream()
                                        .map(v -> VehicleSummary.of(v, latest.get(v.id))).toList(), total, seq)))));
    }

    @WithSession
    public Uni<VehicleSummary> get(String ownerId, UUID id) {
        return require(ownerId, id).chain(vehicle -> telemetry.latestOf(ownerId, List.of(vehicle.id))
                .map(latest -> VehicleSummary.of(vehicle, latest.get(vehicle.id))));
    }

    /** Creates the vehicle: VehicleCreated, then FleetUpdated with the fleet's new vehicleCount. */
    @PublishChanges
    @WithTransaction
    public Uni<VehicleSummary> create(String ownerId, UUID fleetId, VehicleRequest request) {
        if (request.fleetId() != null && !request.fleetId().equals(fleetId)) {
            throw ProblemException.badRequest("fleetId", "must be omitted or equal the fleet in the path");
        }
        String vin = request.vin().toUpperCase(Locale.ROOT);
        return requireFleet(ownerId, fleetId)
                .chain(() -> requireVinFree(ownerId, vin, UUID.randomUUID()))
                .chain(() -> {
                    Vehicle vehicle = new Vehicle();
                    vehicle.id = UUID.randomUUID();
                    vehicle.ownerId = ownerId;
                    vehicle.fleetId = fleetId;
                    apply(vehicle, request, vin);
                    vehicle.status = request.status() == null ? VehicleStatus.ACTIVE : request.status();
                    vehicle.createdAt = now();
                    vehicle.updatedAt = vehicle.createdAt;
                    return vehicles.persistAndFlush(vehicle);
                })
                .map(VehicleSummary::of)
                .call(created -> fleetUpdated(ownerId, fleetId).chain(fleet -> changes.record(ownerId,
                        List.of(new Change(ChangeEvent.VEHICLE_CREATED, created), fleet))));
    }

    /** Replaces the vehicle's fields; a different {@code fleetId} moves it to that fleet of the same owner. */
    @PublishChanges
    @WithTransaction
    public Uni<VehicleSummary> update(String ownerId, UUID id, VehicleRequest request, String ifMatch) {
        String vin = request.vin().toUpperCase(Locale.ROOT);
        return require(ownerId, id)
                .invoke(vehicle -> {
                    ETags.checkIfMatch(ifMatch, vehicle.version);
                    if (request.version() != null && request.version() != vehicle.version) {
                        throw ProblemException.conflict("version", "version " + request.version()
                                + " is stale; the current version is " + vehicle.version);
                    }
                })
                .call(vehicle -> request.fleetId() == null || request.fleetId().equals(vehicle.fleetId)
                        ? Uni.createFrom().voidItem()
                        : fleets.findOwned(ownerId, request.fleetId()).invoke(fleet -> {
                            if (fleet == null) {
                                throw ProblemException.badRequest("fleetId", "does not name a fleet of this owner");
                            }
                        }))
                .call(vehicle -> requireVinFree(ownerId, vin, id))
                .chain(vehicle -> {
                    Vehicle before = copy(vehicle);
                    apply(vehicle, request, vin);
                    if (request.fleetId() != null) {
                        vehicle.fleetId = request.fleetId();
                    }
                    if (request.status() != null) {
                        vehicle.status = request.status();
                    }
                    if (sameFields(before, vehicle)) {
                        return Uni.createFrom().item(VehicleSummary.of(vehicle));
                    }
                    vehicle.updatedAt = now();
                    return vehicles.persistAndFlush(vehicle).map(VehicleSummary::of)
                            .call(updated -> recordUpdate(ownerId, before.fleetId, updated));
                });
    }

    /** VehicleDeleted, then FleetUpdated with the fleet's new vehicleCount. */
    @PublishChanges
    @WithTransaction
    public Uni<Void> delete(String ownerId, UUID id, String ifMatch) {
        return require(ownerId, id)
                .invoke(vehicle -> ETags.checkIfMatch(ifMatch, vehicle.version))
                .call(vehicles::delete)
                .call(vehicles::flush)
                .chain(vehicle -> fleetUpdated(ownerId, vehicle.fleetId).chain(fleet -> changes.record(ownerId,
                        List.of(new Change(ChangeEvent.VEHICLE_DELETED, new Deleted(vehicle.id, vehicle.fleetId)), fleet))))
                .replaceWithVoid();
    }

    /** VehicleUpdated; a move also updates both fleets' vehicleCount (old fleet first). */
    private Uni<List<ChangeEvent>> recordUpdate(String ownerId, UUID previousFleet, VehicleSummary updated) {
        Change vehicleUpdated = new Change(ChangeEvent.VEHICLE_UPDATED, updated);
        if (previousFleet.equals(updated.fleetId())) {
            return changes.record(ownerId, List.of(vehicleUpdated));
        }
        return fleetUpdated(ownerId, previousFleet).chain(from -> fleetUpdated(ownerId, updated.fleetId())
                .chain(to -> changes.record(ownerId, List.of(vehicleUpdated, from, to))));
    }

    /** FleetUpdated carrying a vehicleCount counted now, inside this transaction. */
    private Uni<Change> fleetUpdated(String ownerId, UUID fleetId) {
        return fleets.findOwned(ownerId, fleetId).chain(fleet -> vehicles.count("fleetId", fleetId)
                .map(count -> new Change(ChangeEvent.FLEET_UPDATED, FleetSummary.of(fleet, count))));
    }

    private Uni<Vehicle> require(String ownerId, UUID id) {
        return vehicles.findOwned(ownerId, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Vehicle", id));
    }

    private Uni<Void> requireFleet(String ownerId, UUID fleetId) {
        return fleets.findOwned(ownerId, fleetId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Fleet", fleetId))
                .replaceWithVoid();
    }

    private Uni<Void> requireVinFree(String ownerId, String vin, UUID except) {
        return vehicles.vinTaken(ownerId, vin, except)
                .invoke(taken -> {
                    if (taken) {
                        throw ProblemException.conflict("vin", "A vehicle with VIN " + vin + " already exists");
                    }
                })
                .replaceWithVoid();
    }

    private static void apply(Vehicle vehicle, VehicleRequest request, String vin) {
        vehicle.vin = vin;
        vehicle.plate = request.plate() == null || request.plate().isBlank() ? null : request.plate().strip();
        vehicle.make = request.make().strip();
        vehicle.model = request.model().strip();
        vehicle.year = request.year();
    }

    private static Vehicle copy(Vehicle v) {
        Vehicle c = new Vehicle();
        c.fleetId = v.fleetId;
        c.vin = v.vin;
        c.plate = v.plate;
        c.make = v.make;
        c.model = v.model;
        c.year = v.year;
        c.status = v.status;
        return c;
    }

    private static boolean sameFields(Vehicle a, Vehicle b) {
        return Objects.equals(a.fleetId, b.fleetId) && Objects.equals(a.vin, b.vin)
                && Objects.equals(a.plate, b.plate) && Objects.equals(a.make, b.make)
                && Objects.equals(a.model, b.model) && a.year == b.year && a.status == b.status;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
