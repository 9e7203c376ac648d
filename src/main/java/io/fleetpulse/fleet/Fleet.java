package io.fleetpulse.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.Formula;

/** A named group of vehicles that belongs to one owner. */
@Entity
@Table(name = "fleets")
public class Fleet extends VersionedRow {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    @Column(nullable = false)
    public String name;

    public String description;

    /** Derived on every load, so it can never drift from the vehicles table. */
    @Formula("(SELECT count(*) FROM vehicles v WHERE v.fleet_id = id)")
    public long vehicleCount;
}
