package io.fleetpulse.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** FleetPulse's own settings (prefix {@code fleetpulse}); Quarkus settings stay under {@code quarkus.*}. */
@ConfigMapping(prefix = "fleetpulse")
public interface FleetPulseConfig {

    Api api();

    DevServices devServices();

    Realtime realtime();

    /** REST API limits. */
    interface Api {
        /** Largest accepted request body; larger ones get 413 problem+json. */
        @WithDefault("64K")
        MemorySize maxBodySize();

        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();
    }

    /** The change feed: per-connection buffers, replay paging and retention of the event log. */
    interface Realtime {
        /** Events written to one connection but not yet acknowledged by its socket. */
        @WithDefault("256")
        int maxInFlight();

        /** Live events one connection may hold while it waits; past this a stalled connection is closed. */
        @WithDefault("1024")
        int maxPending();

        /** Rows read from the event log per replay query. */
        @WithDefault("500")
        int replayPageSize();

        Retention retention();

        /** How much of the event log is kept for resuming clients. */
        interface Retention {
            @WithDefault("P7D")
            java.time.Duration maxAge();

            @WithDefault("10000")
            int maxEventsPerOwner();

            /** How often pruning runs (a Quarkus scheduler interval, e.g. 10m). */
            @WithDefault("10m")
            String pruneEvery();
        }
    }

    /** Dev-mode conveniences (embedded PostgreSQL, throw-away signing key); never on in production. */
    interface DevServices {
        @WithDefault("false")
        boolean enabled();

        /** Class that starts the embedded database; named in config so native analysis never reaches it. */
        Optional<String> databaseStarter();
    }
}
