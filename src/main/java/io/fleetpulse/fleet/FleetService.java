package io.fleetpulse.fleet;

import io.fleetpulse.api.IfMatch;
import io.fleetpulse.api.Paging;
import io.fleetpulse.changes.ChangeLogReader;
import io.fleetpulse.error.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Fleet rules; callers have already been authorized for {@code ownerId}. Every write is a single statement
 * (see {@link FleetRepository}): the change event is written by the database in the same transaction, and
 * reaches the feeds of every replica through the change log.
 */
@ApplicationScoped
public class FleetService {

    /** One page of fleets, the owner's total, and the change-feed seq the page is at least as new as. */
    public record FleetPage(java.util.List<FleetSummary> items, long total, long seq) {
    }

    private final FleetRepository fleets;
    private final ChangeLogReader changes;

    FleetService(FleetRepository fleets, ChangeLogReader changes) {
        this.fleets = fleets;
        this.changes = changes;
    }

    public Uni<FleetPage> list(String ownerId, Paging paging) {
        // The seq is read first: the page then reflects at least every change up to it, so a client that
        // follows the feed from this seq misses nothing.
        return changes.currentSeq(ownerId).chain(seq -> Panache.withSession(() -> fleets
                // One session runs one query at a time: chain.
                .listOwned(ownerId, paging.page(), paging.size())
                .chain(items -> fleets.countOwned(ownerId)
                        .map(total -> new FleetPage(items.stream().map(FleetSummary::of).toList(), total, seq)))));
    }

    @WithSession
    public Uni<FleetSummary> get(String ownerId, UUID id) {
        return fleets.findOwned(ownerId, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Fleet", id))
                .map(FleetSummary::of);
    }

    /** Creates the fleet through {@code client}: the pool, or an idempotent create's transaction. */
    public Uni<FleetSummary> create(SqlClient client, String ownerId, FleetRequest request) {
        return fleets.insert(client, ownerId, request.name().strip(), blankToNull(request.description()));
    }

    /** Renames the fleet if {@code ifMatch} (412) and the body's {@code version} (409) name its version. */
    public Uni<FleetSummary> update(String ownerId, UUID id, FleetRequest request, IfMatch ifMatch) {
        return fleets.update(ownerId, id, request.name().strip(), blankToNull(request.description()),
                        ifMatch.versions(), request.version())
                .onItem().ifNull().switchTo(() -> whyNot(ownerId, id, ifMatch, request.version()));
    }

    /** Deletes the fleet and every vehicle in it: VehicleDeleted for each, then FleetDeleted. */
    public Uni<Void> delete(String ownerId, UUID id, IfMatch ifMatch) {
        return fleets.delete(ownerId, id, ifMatch.versions())
                .chain(deleted -> deleted ? Uni.createFrom().voidItem() : whyNot(ownerId, id, ifMatch, null));
    }

    /** A conditional write matched no row: 404 when the fleet is not the owner's, else the stale version. */
    private <T> Uni<T> whyNot(String ownerId, UUID id, IfMatch ifMatch, Long expected) {
        return fleets.version(ownerId, id).map(current -> {
            if (current == null) {
                throw ProblemException.notFound("Fleet", id);
            }
            checkVersion(current, expected, ifMatch);
            // Both matched when read again: another write changed the version in between and back.
            throw ProblemException.conflict("version", "the fleet was changed concurrently; the current version is "
                    + current);
        });
    }

    static void checkVersion(long current, Long expected, IfMatch ifMatch) {
        ifMatch.check(current);
        if (expected != null && expected != current) {
            throw ProblemException.conflict("version", "version " + expected + " is stale; the current version is " + current);
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
