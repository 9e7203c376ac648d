package io.fleetpulse.realtime;

import io.fleetpulse.telemetry.TelemetryStored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Pushes the snapshots telemetry stored: to this replica's subscribers at once, to the others by NOTIFY. */
@ApplicationScoped
class TelemetryAnnouncer {

    private static final Logger LOG = Logger.getLogger(TelemetryAnnouncer.class);

    private final TelemetryBroadcaster local;
    private final ReplicaBridge replicas;

    TelemetryAnnouncer(TelemetryBroadcaster local, ReplicaBridge replicas) {
        this.local = local;
        this.replicas = replicas;
    }

    void stored(@Observes TelemetryStored stored) {
        local.publish(stored.ownerId(), stored.snapshots());
        // Stored either way; a failed announcement only delays other replicas' pushes to the next reading.
        replicas.announceTelemetry(stored.ownerId(), stored.snapshots()).subscribe().with(ok -> { },
                failure -> LOG.debugf("Telemetry of %s not announced to other replicas: %s", stored.ownerId(),
                        failure.getMessage()));
    }
}
