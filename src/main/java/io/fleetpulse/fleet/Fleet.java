package io.fleetpulse.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Formula;

/** A named group of vehicles that belongs to one owner. */
@Entity
@Table(name = "fleets")
public class Fleet {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    @Column(nullable = false)
    public String name;

    public String description;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Derived on every load, so it can never drift from the vehicles table. */
    @Formula("(SELECT count(*) FROM vehicles v WHERE v.fleet_id = id)")
    public long vehicleCount;
}
