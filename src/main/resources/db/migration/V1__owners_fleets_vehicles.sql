-- Owners are identified by the owner_id claim of their JWT; a row is created on first write.
CREATE TABLE owners (
    id          VARCHAR(64)  PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE fleets (
    id          UUID          PRIMARY KEY,
    owner_id    VARCHAR(64)   NOT NULL REFERENCES owners (id),
    name        VARCHAR(100)  NOT NULL CHECK (length(btrim(name)) > 0),
    description VARCHAR(1000),
    version     BIGINT        NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL
);
-- Fleet names are unique per owner regardless of case.
CREATE UNIQUE INDEX fleets_owner_name_ci_uq ON fleets (owner_id, lower(name));

CREATE TABLE vehicles (
    id          UUID          PRIMARY KEY,
    owner_id    VARCHAR(64)   NOT NULL REFERENCES owners (id),
    fleet_id    UUID          NOT NULL REFERENCES fleets (id) ON DELETE CASCADE,
    vin         VARCHAR(17)   NOT NULL CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    plate       VARCHAR(20),
    make        VARCHAR(60)   NOT NULL,
    model       VARCHAR(60)   NOT NULL,
    model_year  INTEGER       NOT NULL CHECK (model_year >= 1950),
    status      VARCHAR(16)   NOT NULL CHECK (status IN ('ACTIVE', 'IDLE', 'MAINTENANCE', 'RETIRED')),
    version     BIGINT        NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ   NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL,
    CONSTRAINT vehicles_owner_vin_uq UNIQUE (owner_id, vin)
);
CREATE INDEX vehicles_fleet_idx ON vehicles (fleet_id, vin);
