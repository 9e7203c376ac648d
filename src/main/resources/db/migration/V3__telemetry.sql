-- Telemetry is state, not history of the owner's data: it is NOT written to change_events and never
-- touches owners.last_seq, so ingest takes no per-owner lock.

-- The newest reading per vehicle. Ingest upserts with WHERE excluded.recorded_at > recorded_at, so a
-- reading that arrives late never replaces a newer snapshot.
CREATE TABLE telemetry_latest (
    vehicle_id   UUID              PRIMARY KEY REFERENCES vehicles (id) ON DELETE CASCADE,
    owner_id     VARCHAR(64)       NOT NULL REFERENCES owners (id),
    recorded_at  TIMESTAMPTZ       NOT NULL,
    received_at  TIMESTAMPTZ       NOT NULL,
    lat          DOUBLE PRECISION  NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon          DOUBLE PRECISION  NOT NULL CHECK (lon BETWEEN -180 AND 180),
    speed_kph    DOUBLE PRECISION  CHECK (speed_kph >= 0),
    heading_deg  DOUBLE PRECISION  CHECK (heading_deg BETWEEN 0 AND 360),
    fuel_pct     DOUBLE PRECISION  CHECK (fuel_pct BETWEEN 0 AND 100),
    battery_pct  DOUBLE PRECISION  CHECK (battery_pct BETWEEN 0 AND 100),
    odometer_km  DOUBLE PRECISION  CHECK (odometer_km >= 0),
    engine_on    BOOLEAN
);
-- Dashboard: one owner's snapshots and "reporting in the last N minutes".
CREATE INDEX telemetry_latest_owner_idx ON telemetry_latest (owner_id, recorded_at);

-- Every accepted reading, append-only, pruned by age (TelemetryPruner). No primary key: nothing
-- addresses a single reading, and a unique index would only slow the write path down.
CREATE TABLE telemetry_history (
    vehicle_id   UUID              NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
    owner_id     VARCHAR(64)       NOT NULL,
    recorded_at  TIMESTAMPTZ       NOT NULL,
    received_at  TIMESTAMPTZ       NOT NULL,
    lat          DOUBLE PRECISION  NOT NULL,
    lon          DOUBLE PRECISION  NOT NULL,
    speed_kph    DOUBLE PRECISION,
    heading_deg  DOUBLE PRECISION,
    fuel_pct     DOUBLE PRECISION,
    battery_pct  DOUBLE PRECISION,
    odometer_km  DOUBLE PRECISION,
    engine_on    BOOLEAN
);
-- History reads: one vehicle, newest first, within a time range.
CREATE INDEX telemetry_history_vehicle_idx ON telemetry_history (vehicle_id, recorded_at DESC);
-- Pruning by age: rows arrive roughly in time order, so a BRIN index is tiny and cheap to maintain.
CREATE INDEX telemetry_history_recorded_brin ON telemetry_history USING brin (recorded_at);
