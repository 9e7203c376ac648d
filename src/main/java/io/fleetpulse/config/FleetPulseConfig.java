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

    /** Dev-mode conveniences (embedded PostgreSQL, throw-away signing key); never on in production. */
    interface DevServices {
        @WithDefault("false")
        boolean enabled();

        /** Class that starts the embedded database; named in config so native analysis never reaches it. */
        Optional<String> databaseStarter();
    }
}
