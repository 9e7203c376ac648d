package io.fleetpulse.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The change event's WebSocket frame (written by hand, once per event) and its delete flag. */
class ChangeEventTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFrameIsValidJsonWithTheFieldsInOrderAndTheDataVerbatim() throws Exception {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        String data = "{\"id\":\"f1\",\"name\":\"Vans \\\"East\\\"\",\"version\":2}";
        ChangeEvent event = new ChangeEvent(7, ChangeEvent.FLEET_UPDATED, "owner-1", at, data);

        assertThat(event.toJson()).isEqualTo("{\"seq\":7,\"type\":\"FleetUpdated\",\"ownerId\":\"owner-1\","
                + "\"at\":\"2026-01-02T03:04:05.678Z\",\"data\":" + data + "}");
        JsonNode frame = JSON.readTree(event.toJson());
        assertThat(frame.get("seq").asLong()).isEqualTo(7);
        assertThat(frame.get("data")).isEqualTo(JSON.readTree(data));
        assertThat(event.frame()).isSameAs(event.toJson()).as("built once");
    }

    @Test
    void onlyTheTwoDeleteTypesAreDeletes() {
        Instant at = Instant.EPOCH;
        assertThat(new ChangeEvent(1, ChangeEvent.FLEET_DELETED, "o", at, "{}").isDelete()).isTrue();
        assertThat(new ChangeEvent(1, ChangeEvent.VEHICLE_DELETED, "o", at, "{}").isDelete()).isTrue();
        for (String type : new String[] {ChangeEvent.FLEET_CREATED, ChangeEvent.FLEET_UPDATED,
                ChangeEvent.VEHICLE_CREATED, ChangeEvent.VEHICLE_UPDATED, "Resync"}) {
            assertThat(new ChangeEvent(1, type, "o", at, "{}").isDelete()).as(type).isFalse();
        }
    }
}
