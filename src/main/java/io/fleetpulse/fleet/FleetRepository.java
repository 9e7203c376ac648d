package io.fleetpulse.fleet;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fleet queries, always scoped to one owner so that another owner's ids are simply not found. */
@ApplicationScoped
public class FleetRepository implements PanacheRepositoryBase<Fleet, UUID> {

    public Uni<Fleet> findOwned(String ownerId, UUID id) {
        return find("id = :id and ownerId = :ownerId", Map.of("id", id, "ownerId", ownerId))
                .firstResult();
    }

    public Uni<List<Fleet>> listOwned(String ownerId, int pageIndex, int size) {
        return find("ownerId = :ownerId order by lower(name), id", Map.of("ownerId", ownerId))
                .page(Page.of(pageIndex, size)).list();
    }

    public Uni<Long> countOwned(String ownerId) {
        return count("ownerId", ownerId);
    }

    /** Case-insensitive name lookup, ignoring the fleet being renamed (a random id when creating). */
    public Uni<Boolean> nameTaken(String ownerId, String name, UUID except) {
        return count("ownerId = :ownerId and lower(name) = lower(:name) and id <> :except",
                Map.of("ownerId", ownerId, "name", name, "except", except))
                .map(n -> n > 0);
    }
}
