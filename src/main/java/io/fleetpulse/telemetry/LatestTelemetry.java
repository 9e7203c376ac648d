package io.fleetpulse.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Read-only mapping of telemetry_latest for session-bound reads (ingest writes it through the pool). */
@Entity
@Table(name = "telemetry_latest")
public class LatestTelemetry {

    @Id
    @Column(name = "vehicle_id")
    public UUID vehicleId;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(nullable = false)
    public double lat;

    @Column(nullable = false)
    public double lon;

    @Column(name = "speed_kph")
    public Double speedKph;

    @Column(name = "heading_deg")
    public Double headingDeg;

    @Column(name = "fuel_pct")
    public Double fuelPct;

    @Column(name = "battery_pct")
    public Double batteryPct;

    @Column(name = "odometer_km")
    public Double odometerKm;

    @Column(name = "engine_on")
    public Boolean engineOn;

    public TelemetrySnapshot toSnapshot() {
        return new TelemetrySnapshot(vehicleId, recordedAt, receivedAt, lat, lon, speedKph, headingDeg, fuelPct,
                batteryPct, odometerKm, engineOn);
    }
}
