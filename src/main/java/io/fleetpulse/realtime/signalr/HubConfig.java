package io.fleetpulse.realtime.signalr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the SignalR hub at /hub/fleets (prefix {@code fleetpulse.signalr}). */
@ConfigMapping(prefix = "fleetpulse.signalr")
public interface HubConfig {

    /** How long a client has after the socket opens to send its handshake. */
    @WithDefault("15s")
    Duration handshakeTimeout();

    /** Interval of the hub's Ping records; the official clients time out after 30 s of silence. */
    @WithDefault("15s")
    Duration pingInterval();

    /** How long a negotiated connection token may wait for its WebSocket. */
    @WithDefault("30s")
    Duration negotiateTimeout();

    /** Largest text message the hub accepts, in bytes; larger ones close the connection with an error. */
    @WithDefault("65536")
    int maxMessageSize();

    /** Owner groups one connection may join (staff dashboards follow several owners). */
    @WithDefault("100")
    int maxGroups();

    /** Negotiated but not yet connected tokens one user may hold; beyond that negotiate answers 429. */
    @WithDefault("50")
    int maxPendingNegotiations();

    /** This replica in the registry other replicas relay SSE / Long Polling requests through. */
    Replica replica();

    /** How other replicas reach this one. */
    interface Replica {
        /** The host other replicas reach this one at, on its HTTP port (Kubernetes: the pod IP); default this host's address. */
        Optional<String> host();

        /** How often the replica refreshes its row; a replica silent for three heartbeats gets no relayed requests. */
        @WithDefault("5s")
        Duration heartbeat();
    }

    /** Which transports negotiate offers and the hub accepts. */
    Transports transports();

    /** The transports, each of which can be switched off (negotiate then no longer offers it). */
    interface Transports {
        Toggle webSockets();

        Toggle serverSentEvents();

        LongPolling longPolling();
    }

    /** A transport that can be switched off. */
    interface Toggle {
        @WithDefault("true")
        boolean enabled();
    }

    /** The Long Polling transport. */
    interface LongPolling extends Toggle {
        /** How long a poll waits for records before it answers 200 with no body; below quarkus.http.idle-timeout. */
        @WithDefault("20s")
        Duration pollTimeout();
    }

    /** How long an SSE / Long Polling connection may go without a pending request before it is closed. */
    @WithDefault("15s")
    Duration disconnectTimeout();

    /**
     * Records a Long Polling connection may hold for its next poll, in bytes; beyond that the client is too
     * slow and the connection is closed (as a WebSocket whose send buffer overflows).
     */
    @WithDefault("1048576")
    int maxBufferedBytes();
}
