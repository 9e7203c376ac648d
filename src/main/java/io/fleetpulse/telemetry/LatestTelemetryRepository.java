package io.fleetpulse.telemetry;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Latest snapshots read through the caller's Hibernate session, always scoped to one owner. */
@ApplicationScoped
public class LatestTelemetryRepository implements PanacheRepositoryBase<LatestTelemetry, UUID> {

    /** The latest snapshots of the given vehicles, by vehicle id, in one query (vehicles without one are absent). */
    public Uni<Map<UUID, TelemetrySnapshot>> latestOf(String ownerId, Collection<UUID> vehicleIds) {
        if (vehicleIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("ownerId = :ownerId and vehicleId in :ids", Map.of("ownerId", ownerId, "ids", vehicleIds))
                .map(rows -> rows.stream().map(LatestTelemetry::toSnapshot)
                        .collect(Collectors.toMap(TelemetrySnapshot::vehicleId, Function.identity())));
    }

    /** A page of the owner's snapshots in the order of the vehicle lists (VIN), stable while telemetry flows. */
    public Uni<List<TelemetrySnapshot>> pageOf(String ownerId, int pageIndex, int size) {
        return getSession().chain(session -> session.createSelectionQuery(
                        "select t from LatestTelemetry t, Vehicle v where v.id = t.vehicleId and t.ownerId = :ownerId "
                                + "order by v.vin, v.id", LatestTelemetry.class)
                .setParameter("ownerId", ownerId)
                .setFirstResult(pageIndex * size)
                .setMaxResults(size)
                .getResultList())
                .map(rows -> rows.stream().map(LatestTelemetry::toSnapshot).toList());
    }
}
