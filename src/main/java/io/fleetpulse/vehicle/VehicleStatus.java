package io.fleetpulse.vehicle;

/** Operational state of a vehicle. */
public enum VehicleStatus { ACTIVE, IDLE, MAINTENANCE, RETIRED }
