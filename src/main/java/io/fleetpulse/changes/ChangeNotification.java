package io.fleetpulse.changes;

import java.util.Optional;

/**
 * The NOTIFY payload of {@link #CHANNEL}, {@code <source>|<ownerId>|<seq>}: "the owner's log reached seq",
 * sent by the change triggers on commit. A hint only: receivers read the events from the log, so a forged
 * or stale notification can at most cause one log read that finds nothing.
 */
public record ChangeNotification(String ownerId, long seq) {

    public static final String CHANNEL = "fleetpulse_changes";

    /** The payload, or empty when it is not one (any database client can NOTIFY on the channel). */
    public static Optional<ChangeNotification> parse(String payload) {
        String[] parts = payload.split("\\|", 3);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            long seq = Long.parseLong(parts[2]);
            return seq < 0 ? Optional.empty() : Optional.of(new ChangeNotification(parts[1], seq));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
