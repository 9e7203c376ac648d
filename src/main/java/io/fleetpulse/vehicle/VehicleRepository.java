package io.fleetpulse.vehicle;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Vehicle queries, always scoped to one owner so that another owner's ids are simply not found. */
@ApplicationScoped
public class VehicleRepository implements PanacheRepositoryBase<Vehicle, UUID> {

    public Uni<Vehicle> findOwned(String ownerId, UUID id) {
        return find("id = :id and ownerId = :ownerId", Parameters.with("id", id).and("ownerId", ownerId))
                .firstResult();
    }

    /** A page of the owner's vehicles, optionally of one fleet and one status, sorted by VIN. */
    public Uni<List<Vehicle>> listOwned(String ownerId, UUID fleetId, VehicleStatus status, int pageIndex, int size) {
        Filter filter = Filter.of(ownerId, fleetId, status);
        return find(filter.query + " order by vin, id", filter.params).page(Page.of(pageIndex, size)).list();
    }

    public Uni<Long> countOwned(String ownerId, UUID fleetId, VehicleStatus status) {
        Filter filter = Filter.of(ownerId, fleetId, status);
        return count(filter.query, filter.params);
    }

    public Uni<List<Vehicle>> listInFleet(String ownerId, UUID fleetId) {
        return list("ownerId = :ownerId and fleetId = :fleetId order by vin",
                Parameters.with("ownerId", ownerId).and("fleetId", fleetId));
    }

    public Uni<Long> deleteInFleet(String ownerId, UUID fleetId) {
        return delete("ownerId = :ownerId and fleetId = :fleetId",
                Parameters.with("ownerId", ownerId).and("fleetId", fleetId));
    }

    /** Whether another vehicle of the owner (not {@code except}) has this VIN. */
    public Uni<Boolean> vinTaken(String ownerId, String vin, UUID except) {
        return count("ownerId = :ownerId and vin = :vin and id <> :except",
                Parameters.with("ownerId", ownerId).and("vin", vin).and("except", except))
                .map(n -> n > 0);
    }

    private record Filter(String query, Parameters params) {
        static Filter of(String ownerId, UUID fleetId, VehicleStatus status) {
            StringBuilder query = new StringBuilder("ownerId = :ownerId");
            Parameters params = Parameters.with("ownerId", ownerId);
            if (fleetId != null) {
                query.append(" and fleetId = :fleetId");
                params = params.and("fleetId", fleetId);
            }
            if (status != null) {
                query.append(" and status = :status");
                params = params.and("status", status);
            }
            return new Filter(query.toString(), params);
        }
    }
}
