package io.fleetpulse.vehicle;

import io.fleetpulse.fleet.VersionedRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A vehicle of one owner, in exactly one of that owner's fleets. */
@Entity
@Table(name = "vehicles")
public class Vehicle extends VersionedRow {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    @Column(name = "fleet_id", nullable = false)
    public UUID fleetId;

    @Column(nullable = false, length = 17)
    public String vin;

    public String plate;

    @Column(nullable = false)
    public String make;

    @Column(nullable = false)
    public String model;

    @Column(name = "model_year", nullable = false)
    public int year;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VehicleStatus status;
}
