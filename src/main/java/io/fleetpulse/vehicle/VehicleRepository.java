package io.fleetpulse.vehicle;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Vehicle queries, always scoped to one owner so that another owner's ids are simply not found. */
@ApplicationScoped
public class VehicleRepository implements PanacheRepositoryBase<Vehicle, UUID> {

    public Uni<Vehicle> findOwned(String ownerId, UUID id) {
        return find("id = :id and ownerId = :ownerId", Map.of("id", id, "ownerId", ownerId))
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
                Map.of("ownerId", ownerId, "fleetId", fleetId));
    }

    public Uni<Long> deleteInFleet(String ownerId, UUID fleetId) {
        return delete("ownerId = :ownerId and fleetId = :fleetId",
                Map.of("ownerId", ownerId, "fleetId", fleetId));
    }

    /** Whether another vehicle of the owner (not {@code except}) has this VIN. */
    public Uni<Boolean> vinTaken(String ownerId, String vin, UUID except) {
        return count("ownerId = :ownerId and vin = :vin and id <> :except",
                Map.of("ownerId", ownerId, "vin", vin, "except", except))
                .map(n -> n > 0);
    }

    private record Filter(String query, Map<String, Object> params) {
        static Filter of(String ownerId, UUID fleetId, VehicleStatus status) {
            StringBuilder query = new StringBuilder("ownerId = :ownerId");
            Map<String, Object> params = new HashMap<>();
            params.put("ownerId", ownerId);
            if (fleetId != null) {
                query.append(" and fleetId = :fleetId");
                params.put("fleetId", fleetId);
            }
            if (status != null) {
                query.append(" and status = :status");
                params.put("status", status);
            }
            return new Filter(query.toString(), params);
        }
    }
}
