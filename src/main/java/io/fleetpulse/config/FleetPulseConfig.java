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

    Telemetry telemetry();

    Security security();

    /**
     * Exit 0 once started instead of serving: the migrate profile's (Flyway migrates at start; no HTTP server, and
     * the replica neither LISTENs for changes nor registers as a SignalR replica).
     */
    @WithDefault("false")
    boolean exitAfterStart();

    /** Token rules beyond signature, issuer and audience; connection caps and rate limits per caller. */
    interface Security {
        /** Longest accepted token lifetime (exp - iat); unset: any lifetime the identity provider issues. */
        Optional<java.time.Duration> maxTokenLifetime();

        Connections connections();

        RateLimits rateLimit();

        TokenCache tokenCache();

        /**
         * Verified bearer tokens kept per replica, so that a token is verified (signature, claims, rules) once,
         * not on every request: dashboards and trackers send the same token thousands of times.
         */
        interface TokenCache {
            @WithDefault("true")
            boolean enabled();

            /** Distinct tokens kept at once; a token beyond it is verified on every request. */
            @WithDefault("10000")
            int maxEntries();

            /**
             * Longest reuse of one verification: bounds how long a token keeps passing after its signing key
             * is rotated out (a token past its exp is never served from the cache).
             */
            @WithDefault("60s")
            java.time.Duration maxAge();
        }

        /** Open WebSockets (plain feed and SignalR hub together) per replica. */
        interface Connections {
            /** Per token subject (one user's tabs): beyond it the upgrade is refused with 429. */
            @WithDefault("50")
            int maxPerSubject();

            /** Per owner (all users and devices of one owner together). */
            @WithDefault("250")
            int maxPerOwner();
        }

        /** Token buckets per token subject and replica: 429 with Retry-After when empty. */
        interface RateLimits {
            /** POST, PUT and DELETE of fleets and vehicles. */
            Bucket writes();

            /** Telemetry POSTs (single and batch). */
            Bucket telemetry();

            /** One bucket: refilled at {@code perSecond}, holding at most {@code burst} requests. */
            interface Bucket {
                @WithDefault("true")
                boolean enabled();

                double perSecond();

                int burst();
            }
        }
    }

    /** REST API limits. */
    interface Api {
        /** Largest accepted request body; larger ones get 413 problem+json. */
        @WithDefault("64K")
        MemorySize maxBodySize();

        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();

        /** How long an Idempotency-Key is remembered: a retry within it gets the first answer. */
        @WithDefault("PT24H")
        java.time.Duration idempotencyKeyTtl();
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

    /** Telemetry ingest limits, history reads, the dashboard window, push conflation and history retention. */
    interface Telemetry {
        /** Most readings in one batch POST. */
        @WithDefault("1000")
        int maxBatchSize();

        /** Largest telemetry POST body (a full batch is bigger than other API bodies). */
        @WithDefault("512K")
        MemorySize maxBodySize();

        /** How far in the past a recordedAt may be (devices upload what they buffered offline). */
        @WithDefault("P365D")
        java.time.Duration maxPastAge();

        /** How far in the future a recordedAt may be (device clocks drift). */
        @WithDefault("PT5M")
        java.time.Duration maxFutureSkew();

        @WithDefault("100")
        int defaultHistoryLimit();

        @WithDefault("1000")
        int maxHistoryLimit();

        /** Dashboard: a vehicle is "reporting" when its latest reading is at most this many minutes old. */
        @WithDefault("15")
        int reportingWindowMinutes();

        /** Upper bound of the dashboard's reportingWithinMinutes query parameter. */
        @WithDefault("1440")
        int maxReportingWindowMinutes();

        /** Per connection and vehicle, at most one TelemetryUpdated per interval (newest wins). */
        @WithDefault("PT1S")
        java.time.Duration pushInterval();

        Ingest ingest();

        Retention retention();

        /** Group commit of ingest: requests that arrive while writes are in flight share the next statement. */
        interface Ingest {
            /** Ingest statements in flight at once per replica; more requests wait and then go together. */
            @WithDefault("2")
            int maxConcurrentWrites();

            /** Readings waiting per replica; past this, ingest answers 503 with Retry-After. */
            @WithDefault("20000")
            int maxQueuedReadings();
        }

        /** How long telemetry history is kept (latest snapshots are kept regardless). */
        interface Retention {
            @WithDefault("P30D")
            java.time.Duration maxAge();

            /** Rows deleted per statement, so pruning never holds long locks. */
            @WithDefault("10000")
            int deleteBatchSize();

            /** How often pruning runs (a Quarkus scheduler interval, e.g. 1h). */
            @WithDefault("1h")
            String pruneEvery();
        }
    }
}
