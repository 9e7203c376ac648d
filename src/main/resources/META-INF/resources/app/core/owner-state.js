// OwnerStateService: the one store every view reads (fleets, vehicles, latest telemetry, feed position), filled
// over REST and kept current by RealtimeService through upsertFleet / removeFleet / upsertVehicle, as in the seed.
import { signal } from './signals.js';

export class OwnerStateService {
  constructor() {
    this.fleets = signal(new Map());
    this.vehicles = signal(new Map());
    /** vehicleId -> latest telemetry snapshot */
    this.telemetry = signal(new Map());
    /** The last change-feed seq applied (the position to resume from), or null before the first load. */
    this.lastSeq = signal(null);
    this.loaded = signal(false);
  }

  /** Replaces everything with a fresh REST snapshot at feed position seq. */
  reset({ fleets, vehicles, seq }) {
    this.fleets.set(new Map(fleets.map((f) => [f.id, f])));
    this.vehicles.set(new Map(vehicles.map((v) => [v.id, withoutLatest(v)])));
    const telemetry = new Map();
    for (const v of vehicles) {
      if (v.latest) {
        telemetry.set(v.id, v.latest);
      }
    }
    this.telemetry.set(telemetry);
    this.lastSeq.set(seq);
    this.loaded.set(true);
  }

  clear() {
    this.fleets.set(new Map());
    this.vehicles.set(new Map());
    this.telemetry.set(new Map());
    this.lastSeq.set(null);
    this.loaded.set(false);
  }

  /** Records that the change with this seq was applied (replays of older ones are ignored by the caller). */
  advance(seq) {
    if (typeof seq === 'number' && (this.lastSeq.peek() === null || seq > this.lastSeq.peek())) {
      this.lastSeq.set(seq);
    }
  }

  upsertFleet(fleet) {
    const current = this.fleets.peek().get(fleet.id);
    if (current && current.version > fleet.version) {
      return; // an older state (a replay, or a slow REST response): keep the newer one
    }
    this.fleets.update((m) => new Map(m).set(fleet.id, fleet));
  }

  removeFleet(fleetId) {
    if (!this.fleets.peek().has(fleetId)) {
      return;
    }
    this.fleets.update((m) => {
      const next = new Map(m);
      next.delete(fleetId);
      return next;
    });
    // The server announces each of its vehicles' deletion first; this only tidies up after a missed one.
    for (const vehicle of this.vehicles.peek().values()) {
      if (vehicle.fleetId === fleetId) {
        this.removeVehicle(vehicle.id);
      }
    }
  }

  upsertVehicle(vehicle) {
    const current = this.vehicles.peek().get(vehicle.id);
    if (current && current.version > vehicle.version) {
      return;
    }
    if (vehicle.latest) {
      this.upsertTelemetry(vehicle.latest);
    }
    this.vehicles.update((m) => new Map(m).set(vehicle.id, withoutLatest(vehicle)));
  }

  removeVehicle(vehicleId) {
    if (this.vehicles.peek().has(vehicleId)) {
      this.vehicles.update((m) => {
        const next = new Map(m);
        next.delete(vehicleId);
        return next;
      });
    }
    if (this.telemetry.peek().has(vehicleId)) {
      this.telemetry.update((m) => {
        const next = new Map(m);
        next.delete(vehicleId);
        return next;
      });
    }
  }

  /** Keeps the newest snapshot per vehicle (by recordedAt): telemetry is state, not history. */
  upsertTelemetry(snapshot) {
    if (!snapshot?.vehicleId) {
      return;
    }
    const current = this.telemetry.peek().get(snapshot.vehicleId);
    if (current && Date.parse(current.recordedAt) >= Date.parse(snapshot.recordedAt)) {
      return;
    }
    this.telemetry.update((m) => new Map(m).set(snapshot.vehicleId, snapshot));
  }
}

function withoutLatest(vehicle) {
  const { latest, ...rest } = vehicle;
  return rest;
}
