-- SignalR stateful-reconnect connections that moved between replicas (HubHandover). A row names the replica
-- holding a stateful connection that was handed over to it (holder; state NULL), so that the client's next
-- socket, wherever it lands, asks that replica for it; or, written by a replica shutting down, the connection's
-- state itself (HubConnectionState as JSON: sequence ids, unacknowledged records, last seq per joined group),
-- which the first replica the client's socket reaches takes (DELETE ... RETURNING: exactly one). The token is
-- never stored: only its SHA-256.
CREATE TABLE signalr_resumable (
    token_hash  VARCHAR(64)   PRIMARY KEY,
    holder      VARCHAR(32)   NOT NULL,
    user_key    VARCHAR(512)  NOT NULL, -- whose connection it is (principal|ownerId): only they can take it
    state       TEXT,
    expires_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX signalr_resumable_expires_at ON signalr_resumable (expires_at);
