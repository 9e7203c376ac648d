package io.fleetpulse.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;

/** The columns the change triggers keep on every fleet and vehicle row (V4): version and timestamps. */
@MappedSuperclass
public abstract class VersionedRow {

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
