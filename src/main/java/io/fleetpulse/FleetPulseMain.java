package io.fleetpulse;

import io.fleetpulse.config.FleetPulseConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The executable's entry point: serves until it is told to stop, or, as the migrate step
 * ({@code QUARKUS_PROFILE=migrate}: Flyway migrates at start, the HTTP server is off), exits 0 as soon as start-up,
 * and with it the migration, has finished.
 */
@QuarkusMain
public class FleetPulseMain implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(FleetPulseMain.class);

    private final FleetPulseConfig config;

    @Inject
    FleetPulseMain(FleetPulseConfig config) {
        this.config = config;
    }

    @Override
    public int run(String... args) {
        // Quarkus' own quarkus.init-and-exit waits 5 s on a latch for a shutdown that cannot begin until start-up
        // returns (InitializationTaskRecorder): returning here instead ends the migrate step in milliseconds.
        if (config.exitAfterStart()) {
            LOG.info("Migrate step done: exiting");
            return 0;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
