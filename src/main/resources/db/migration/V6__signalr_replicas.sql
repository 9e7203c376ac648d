-- Replicas serving SignalR Server-Sent Events / Long Polling connections, with the address other replicas reach
-- them at. A connection token starts with its replica's id, so a request of that connection that lands on
-- another replica is relayed to the address here: no sticky sessions. Each replica refreshes its row
-- (heartbeat_at); rows not refreshed for a while are ignored and eventually deleted.
CREATE TABLE signalr_replicas (
    replica_id    VARCHAR(32)   PRIMARY KEY,
    address       VARCHAR(255)  NOT NULL, -- host:port of the replica's HTTP listener inside the cluster
    heartbeat_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
