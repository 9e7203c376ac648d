package io.fleetpulse.realtime;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Test-only service whose transaction records a change and then fails, so it rolls back. */
@ApplicationScoped
public class RollbackProbe {

    private final ChangeLog changes;

    RollbackProbe(ChangeLog changes) {
        this.changes = changes;
    }

    @PublishChanges
    @WithTransaction
    public Uni<Void> recordThenFail(String ownerId) {
        return changes.record(ownerId, List.of(new Change(ChangeEvent.FLEET_UPDATED, Map.of("name", "never"))))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("rolled back on purpose")));
    }
}
