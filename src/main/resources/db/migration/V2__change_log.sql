-- Transactional outbox of the change feed. owners.last_seq is the per-owner sequence: every write
-- increments it in its own transaction (row lock), so seqs are gapless and commit in order.
ALTER TABLE owners ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE change_events (
    owner_id    VARCHAR(64)  NOT NULL REFERENCES owners (id),
    seq         BIGINT       NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    data        JSONB        NOT NULL,
    PRIMARY KEY (owner_id, seq)
);
-- Age-based pruning scans by time.
CREATE INDEX change_events_occurred_at_idx ON change_events (occurred_at);
