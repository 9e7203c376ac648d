package io.fleetpulse.owner;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Owners exist implicitly: the first write of an owner creates its row. */
@ApplicationScoped
public class OwnerRepository {

    /** Makes sure the owner row exists, inside the caller's transaction. */
    public Uni<Void> ensureExists(String ownerId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO owners (id) VALUES (:id) ON CONFLICT (id) DO NOTHING")
                        .setParameter("id", ownerId)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
