package io.fleetpulse.realtime.signalr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fleetpulse.changes.ChangeEvent;
import io.fleetpulse.telemetry.TelemetrySnapshot;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain unit tests of how the hub encodes changes, deletes, telemetry and Resync as invocation records. */
class HubEventsTest {

    private static final String RS = "\u001e";
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private final HubEvents events = new HubEvents(new HubProtocol(new ObjectMapper().registerModule(new JavaTimeModule())));

    @Test
    void aChangeCarriesTheRawDataThenItsPosition() {
        ChangeEvent created = new ChangeEvent(7, ChangeEvent.FLEET_CREATED, "o1", AT, "{\"id\":\"f1\",\"name\":\"A\"}");
        assertThat(events.change(created)).isEqualTo("{\"type\":1,\"target\":\"FleetCreated\",\"arguments\":"
                + "[{\"id\":\"f1\",\"name\":\"A\"},{\"seq\":7,\"at\":\"2026-01-02T03:04:05Z\",\"ownerId\":\"o1\"}]}" + RS);
    }

    @Test
    void aDeleteCarriesTheIdAloneAndItsFleetInTheMeta() {
        ChangeEvent deleted = new ChangeEvent(8, ChangeEvent.VEHICLE_DELETED, "o1", AT, "{\"id\":\"v1\",\"fleetId\":\"f1\"}");
        assertThat(events.change(deleted)).isEqualTo("{\"type\":1,\"target\":\"VehicleDeleted\",\"arguments\":"
                + "[\"v1\",{\"seq\":8,\"at\":\"2026-01-02T03:04:05Z\",\"ownerId\":\"o1\",\"fleetId\":\"f1\"}]}" + RS);
        ChangeEvent fleetGone = new ChangeEvent(9, ChangeEvent.FLEET_DELETED, "o1", AT, "{\"id\":\"f1\"}");
        assertThat(events.change(fleetGone)).contains("[\"f1\",{\"seq\":9,").doesNotContain("fleetId");
    }

    @Test
    void telemetryNamesTheOwnerAndVehicleAndHasNoSeq() {
        UUID vehicle = UUID.fromString("00000000-0000-0000-0000-000000000001");
        String record = events.telemetry("o1", new TelemetrySnapshot(vehicle, AT, AT, 1.5, 2.5, 50.0, null, null, null, null, true));
        assertThat(record).startsWith("{\"type\":1,\"target\":\"TelemetryUpdated\",\"arguments\":[{\"vehicleId\":\"" + vehicle + "\"")
                .endsWith(",{\"ownerId\":\"o1\",\"vehicleId\":\"" + vehicle + "\"}]}" + RS)
                .doesNotContain("\"seq\"");
    }

    @Test
    void resyncTellsThePositionToFollowFrom() {
        assertThat(events.resync("o1", 12)).isEqualTo("{\"type\":1,\"target\":\"Resync\",\"arguments\":[{\"seq\":12,\"ownerId\":\"o1\"}]}" + RS);
    }
}
