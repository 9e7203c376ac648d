package io.fleetpulse.realtime.signalr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
