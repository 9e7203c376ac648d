-- Idempotency-Key on creating POSTs: the first answer, stored in the transaction of the create, so a retry
-- (on any replica) gets the same status and body. Expired keys (fleetpulse.api.idempotency-key-ttl) are
-- ignored and pruned. No foreign key to owners: the key row is written before the owner's first row.
CREATE TABLE idempotency_keys (
    owner_id     VARCHAR(64)   NOT NULL,
    key          VARCHAR(255)  NOT NULL,
    fingerprint  CHAR(64)      NOT NULL, -- SHA-256 (hex) of the path and the request body
    status       INTEGER,
    location     TEXT,
    etag         TEXT,
    body         TEXT,
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
