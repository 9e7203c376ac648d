package io.fleetpulse.realtime;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * When the replica starts shutting down, closes every socket with 1001 (going away): clients reconnect
 * to another replica at once and resume with since/sinceSeq instead of waiting for a dead TCP connection.
 */
@ApplicationScoped
public class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);

    private final OpenConnections connections;

    ShutdownDrain(OpenConnections connections) {
        this.connections = connections;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    /** Also at shutdown proper, for sockets opened during the delay or when no delay is configured. */
    void onShutdown(@Observes ShutdownEvent event) {
        closeAll();
    }

    private void closeAll() {
        int count = 0;
        for (var connection : connections) {
            if (connection.isOpen()) {
                connection.close(CloseCode.GOING_AWAY.closeReason())
                        .subscribe().with(x -> { }, x -> { });
                count++;
            }
        }
        if (count > 0) {
            LOG.infof("Closed %d WebSocket connections for shutdown", count);
        }
    }
}
