// RealtimeService, in the shape of the seed's realtime-dashboard-guide.md: the official @microsoft/signalr client
// on /hub/fleets feeding OwnerStateService. Additions to the guide: JoinFleetGroup(ownerId, sinceSeq) so that
// nothing between the REST load and the join is missed, automatic reconnect resuming from the last seq, Resync,
// and a status (connected / reconnecting / offline) for the badge.
import { signal } from './signals.js';

/** Waits before each automatic reconnect attempt; after the last one the connection counts as offline. */
const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10000];
/** While offline: how often a fresh start (negotiate included) is tried. */
const RESTART_EVERY_MS = 10000;

export class RealtimeService {
  /**
   * @param ownerState OwnerStateService
   * @param auth OwnerAuthService (accessTokenFactory reads the current token)
   * @param reload async () => seq: reloads the owner over REST (on Resync or a gap) and returns its feed position
   */
  constructor(ownerState, auth, reload) {
    this.ownerState = ownerState;
    this.auth = auth;
    this.reload = reload;
    /** 'connecting' | 'connected' | 'reconnecting' | 'offline' */
    this.status = signal('offline');
    this.log = signal([]);
    this.connection = null;
    this.ownerId = null;
    this.stopped = true;
    this.restartTimer = null;
    this.onVisible = () => {
      if (document.visibilityState === 'visible' && this.status.peek() === 'offline' && !this.stopped) {
        this.#scheduleRestart(0);
      }
    };
  }

  async start(ownerId) {
    const signalR = window.signalR;
    if (!signalR) {
      throw new Error('The SignalR client (/vendor/signalr/signalr.min.js) did not load.');
    }
    this.ownerId = ownerId;
    this.stopped = false;
    document.addEventListener('visibilitychange', this.onVisible);
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hub/fleets', {
        // Negotiate sends it as Authorization; the browser's WebSocket upgrade as ?access_token= (never logged).
        accessTokenFactory: () => this.getAuthToken(),
        transport: signalR.HttpTransportType.WebSockets,
      })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) => RECONNECT_DELAYS_MS[context.previousRetryCount] ?? null,
      })
      .configureLogging(this.#logger(signalR.LogLevel))
      .build();

    // Listen for fleet updates
    this.connection.on('FleetCreated', (fleet, meta) => this.#apply(meta, () => this.ownerState.upsertFleet(fleet)));
    this.connection.on('FleetUpdated', (fleet, meta) => this.#apply(meta, () => this.ownerState.upsertFleet(fleet)));
    this.connection.on('FleetDeleted', (fleetId, meta) => this.#apply(meta, () => this.ownerState.removeFleet(fleetId)));
    this.connection.on('VehicleCreated', (vehicle, meta) => this.#apply(meta, () => this.ownerState.upsertVehicle(vehicle)));
    this.connection.on('VehicleUpdated', (vehicle, meta) => this.#apply(meta, () => this.ownerState.upsertVehicle(vehicle)));
    this.connection.on('VehicleDeleted', (vehicleId, meta) =>
      this.#apply(meta, () => this.ownerState.removeVehicle(vehicleId)));
    this.connection.on('TelemetryUpdated', (snapshot) => this.ownerState.upsertTelemetry(snapshot));
    this.connection.on('Resync', (position) => {
      this.#note(`Resync at seq ${position?.seq}: reloading`);
      this.#resync();
    });

    this.connection.onreconnecting(() => this.status.set('reconnecting'));
    this.connection.onreconnected(async () => {
      // A reconnect is a new connection: join again, resuming where this tab left off.
      try {
        await this.#join();
      } catch (error) {
        this.#note(`Rejoin failed: ${error.message}`);
        await this.connection.stop();
      }
    });
    this.connection.onclose(() => {
      if (this.stopped) {
        return;
      }
      this.status.set('offline');
      this.#scheduleRestart(RESTART_EVERY_MS);
    });

    await this.#connect();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.status.set('offline');
    if (this.connection) {
      const connection = this.connection;
      this.connection = null;
      await connection.stop();
    }
  }

  getAuthToken() {
    return this.auth.token() ?? '';
  }

  async #connect() {
    this.status.set('connecting');
    try {
      await this.connection.start();
      await this.#join();
    } catch (error) {
      this.#note(`Connect failed: ${error.message}`);
      if (this.connection && this.connection.state !== 'Disconnected') {
        await this.connection.stop();
      } else {
        this.status.set('offline');
        this.#scheduleRestart(RESTART_EVERY_MS);
      }
    }
  }

  async #join() {
    const sinceSeq = this.ownerState.lastSeq.peek();
    await this.connection.invoke('JoinFleetGroup', this.ownerId, sinceSeq);
    this.status.set('connected');
    this.#note(`Joined ${this.ownerId} from seq ${sinceSeq}`);
  }

  #apply(meta, change) {
    const seq = meta?.seq;
    const last = this.ownerState.lastSeq.peek();
    if (typeof seq === 'number' && last !== null) {
      if (seq <= last) {
        return; // already applied (seq is gapless and per owner)
      }
      if (seq > last + 1) {
        this.#note(`Gap: expected seq ${last + 1}, got ${seq}: reloading`);
        this.#resync();
        return;
      }
    }
    change();
    this.ownerState.advance(seq);
  }

  /** Reload the owner over REST, then follow the feed again from the fresh snapshot's position. */
  async #resync() {
    if (this.resyncing) {
      return;
    }
    this.resyncing = true;
    try {
      await this.reload();
      if (this.connection?.state === 'Connected') {
        await this.connection.invoke('LeaveFleetGroup', this.ownerId);
        await this.#join();
      }
    } catch (error) {
      this.#note(`Reload failed: ${error.message}`);
    } finally {
      this.resyncing = false;
    }
  }

  #scheduleRestart(delay) {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (!this.stopped && this.connection && this.connection.state === 'Disconnected') {
        this.#connect();
      }
    }, delay);
  }

  #note(message) {
    const line = `${new Date().toLocaleTimeString()} ${message}`;
    this.log.update((lines) => [...lines.slice(-49), line]);
  }

  /** SignalR's log goes to the connection log panel; a dropped socket is an expected event here, not an error. */
  #logger(LogLevel) {
    return {
      log: (level, message) => {
        if (level >= LogLevel.Warning && level !== LogLevel.None) {
          this.#note(message);
          console.debug('[signalr]', message);
        }
      },
    };
  }
}
