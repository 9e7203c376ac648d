package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.telemetry.TelemetrySnapshot;

/**
 * Encodes what the hub pushes as server-to-client invocations: a change as {@code Target(data, {seq, at,
 * ownerId})}, telemetry as {@code TelemetryUpdated(snapshot, {ownerId, vehicleId})} (state: no seq), and
 * {@code Resync({seq, ownerId})}. Pure: no I/O, no state.
 */
final class HubEvents {

    static final String RESYNC = "Resync";
    static final String TELEMETRY_UPDATED = "TelemetryUpdated";

    private final HubProtocol protocol;

    HubEvents(HubProtocol protocol) {
        this.protocol = protocol;
    }

    /** One change of the owner's feed as an invocation record. */
    String change(ChangeEvent event) {
        ArrayNode arguments = protocol.json().createArrayNode();
        ObjectNode meta = protocol.json().createObjectNode()
                .put("seq", event.seq()).put("at", event.at().toString()).put("ownerId", event.ownerId());
        if (event.isDelete()) {
            // Deletes carry the id alone, as the dashboard's removeFleet(fleetId) expects.
            JsonNode deleted = readTree(event.data());
            arguments.add(deleted.path("id").asText());
            if (deleted.hasNonNull("fleetId")) {
                meta.put("fleetId", deleted.get("fleetId").asText());
            }
        } else {
            arguments.addRawValue(new RawValue(event.data()));
        }
        arguments.add(meta);
        return protocol.invocation(event.type(), arguments);
    }

    /** A vehicle's latest snapshot as a TelemetryUpdated record. */
    String telemetry(String ownerId, TelemetrySnapshot snapshot) {
        ArrayNode arguments = protocol.json().createArrayNode();
        arguments.add(protocol.json().valueToTree(snapshot));
        arguments.addObject().put("ownerId", ownerId).put("vehicleId", snapshot.vehicleId().toString());
        return protocol.invocation(TELEMETRY_UPDATED, arguments);
    }

    /** History after the client's position is gone: reload, then follow from {@code seq}. */
    String resync(String ownerId, long seq) {
        ArrayNode arguments = protocol.json().createArrayNode();
        arguments.addObject().put("seq", seq).put("ownerId", ownerId);
        return protocol.invocation(RESYNC, arguments);
    }

    private JsonNode readTree(String data) {
        try {
            return protocol.json().readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable change event data", e);
        }
    }
}
