package io.fleetpulse.security;

import io.fleetpulse.config.FleetPulseConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * Caps on open WebSockets (plain feed and SignalR hub together), per token subject and per owner, on this
 * replica: the upgrade is refused with 429 when a cap is reached, and a socket that loses a race at open is
 * closed with 4429 (realtime.CloseCode.TOO_MANY_CONNECTIONS). Refusals are counted in {@code fleetpulse_websocket_refused_total},
 * tagged only with fixed values (reason, protocol), never with ids.
 */
@ApplicationScoped
public class ConnectionCaps {

    /** HTTP status of a refused upgrade. */
    public static final int HTTP_STATUS = 429;

    /** The socket protocol, a tag value of the refusal metric. */
    public enum Protocol { websocket, signalr }

    private final ConnectionCounter counter;
    private final Map<Protocol, Map<ConnectionCounter.Refusal, Counter>> refusals = new EnumMap<>(Protocol.class);

    ConnectionCaps(FleetPulseConfig config, MeterRegistry registry) {
        FleetPulseConfig.Security.Connections caps = config.security().connections();
        this.counter = new ConnectionCounter(caps.maxPerSubject(), caps.maxPerOwner());
        for (Protocol protocol : Protocol.values()) {
            Map<ConnectionCounter.Refusal, Counter> byReason = new EnumMap<>(ConnectionCounter.Refusal.class);
            for (ConnectionCounter.Refusal reason : ConnectionCounter.Refusal.values()) {
                byReason.put(reason, Counter.builder("fleetpulse.websocket.refused")
                        .description("WebSocket upgrades refused by a connection cap")
                        .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                        .tag("protocol", protocol.name())
                        .register(registry));
            }
            refusals.put(protocol, byReason);
        }
    }

    /** At the upgrade: whether a cap is already reached (then refuse with {@link #HTTP_STATUS}). */
    public boolean wouldExceed(Protocol protocol, String subject, String owner) {
        return counted(protocol, counter.check(subject, owner));
    }

    /** At open: takes a connection; false when a cap was reached meanwhile (then close it with CloseCode.TOO_MANY_CONNECTIONS). */
    public boolean acquire(Protocol protocol, String subject, String owner) {
        return !counted(protocol, counter.acquire(subject, owner));
    }

    /** Sockets of the owner counted on this replica (taken at open, given back at close). */
    int openOf(String owner) {
        return counter.openOf(owner);
    }

    public void release(String subject, String owner) {
        counter.release(subject, owner);
    }

    private boolean counted(Protocol protocol, ConnectionCounter.Refusal refusal) {
        if (refusal == null) {
            return false;
        }
        refusals.get(protocol).get(refusal).increment();
        return true;
    }
}
