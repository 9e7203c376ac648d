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

    /** Stateful reconnect (clients' withStatefulReconnect(), WebSockets only): see docs/signalr.md. */
    StatefulReconnect statefulReconnect();

    /** Stateful reconnect: a dropped socket's connection continues on the client's next socket, on any replica. */
    interface StatefulReconnect {
        /** Whether negotiate grants it to clients that ask (useStatefulReconnect=true). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Characters of sent, not yet acknowledged records a connection keeps for a replay (clients acknowledge
         * about once a second). Past it the connection still works, but a drop before the client has caught up
         * cannot be replayed: the client's reconnect is refused, and it starts a new connection (and rejoins
         * with sinceSeq, getting a Resync if the log no longer has its position), as without stateful reconnect.
         */
        @WithDefault("1000000")
        int bufferSize();

        /** How long a dropped connection waits for its client's socket to come back. */
        @WithDefault("30s")
        Duration window();

        /** Dropped connections one user may leave waiting at once; beyond it the oldest one is forgotten. */
        @WithDefault("20")
        int maxWaitingPerUser();
    }

    /** Which transports negotiate offers and the hub accepts. */
    Transports transports();

    /** The MessagePack hub protocol (clients' MessagePackHubProtocol) next to JSON: WebSockets and Long Polling. */
    Toggle messagePack();

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
