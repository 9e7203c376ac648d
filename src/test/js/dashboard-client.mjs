// The dashboard's RealtimeService (docs: realtime-dashboard-guide.md), kept in the same shape, run by Node with the
// official @microsoft/signalr client against a running FleetPulse. Driven by SignalRJsClientTest:
//   node dashboard-client.mjs <apiUrl> <ownerId> <accessToken> <anotherOwnerId>
// It prints one line per happening (JOINED, EVENT <target> <seq> <id-or-name>, RECONNECTING, REJOINED ...) and
// stops on "exit" from stdin. Additions to the guide's code: withAutomaticReconnect() and the rejoin with sinceSeq.
import * as signalR from '@microsoft/signalr';
import readline from 'node:readline';

const [apiUrl, ownerId, accessToken, anotherOwnerId] = process.argv.slice(2);
const print = (line) => process.stdout.write(line + '\n');
let lastSeq = null;

function seen(target, label, meta) {
  lastSeq = meta.seq;
  print(`EVENT ${target} ${meta.seq} ${label}`);
}

class RealtimeService {
  async start(ownerId) {
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(`${apiUrl}/hub/fleets`, {
        accessTokenFactory: () => {
          // Return current auth token
          return this.getAuthToken();
        }
      })
      .withAutomaticReconnect([1000, 1000, 2000, 5000])
      .configureLogging(signalR.LogLevel.Warning)
      .build();

    // Listen for fleet updates
    this.connection.on('FleetCreated', (fleet, meta) => seen('FleetCreated', fleet.name, meta));
    this.connection.on('FleetUpdated', (fleet, meta) => seen('FleetUpdated', fleet.name, meta));
    this.connection.on('FleetDeleted', (fleetId, meta) => seen('FleetDeleted', fleetId, meta));
    this.connection.on('VehicleCreated', (vehicle, meta) => seen('VehicleCreated', vehicle.id, meta));
    this.connection.on('VehicleUpdated', (vehicle, meta) => seen('VehicleUpdated', vehicle.id, meta));
    this.connection.on('VehicleDeleted', (vehicleId, meta) => seen('VehicleDeleted', vehicleId, meta));
    this.connection.on('Resync', (position) => print(`RESYNC ${position.seq}`));

    this.connection.onreconnecting((error) => print(`RECONNECTING ${error ? error.message : ''}`));
    this.connection.onreconnected(async () => {
      // Resume where this tab left off: the hub replays what happened while it was away.
      await this.connection.invoke('JoinFleetGroup', ownerId, lastSeq);
      print('REJOINED');
    });
    this.connection.onclose((error) => print(`CLOSED ${error ? error.message : ''}`));

    await this.connection.start();
    await this.connection.invoke('JoinFleetGroup', ownerId);
  }

  async stop() {
    if (this.connection) {
      await this.connection.stop();
    }
  }

  getAuthToken() {
    return accessToken;
  }
}

const realtime = new RealtimeService();
setTimeout(() => {
  print('TIMEOUT');
  process.exit(3);
}, 90_000).unref();

try {
  await realtime.start(ownerId);
  print('JOINED');
} catch (error) {
  print(`FAILED ${error.message}`);
  process.exit(2);
}

try {
  await realtime.connection.invoke('JoinFleetGroup', anotherOwnerId);
  print('JOINED ANOTHER OWNER');
} catch (error) {
  print(`REFUSED ${error.message}`);
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === 'exit') {
    await realtime.stop();
    print('STOPPED');
    process.exit(0);
  }
});
