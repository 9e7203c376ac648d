// The dashboard's RealtimeService (realtime-dashboard-guide.md) with the official @microsoft/signalr client over a
// chosen transport, driven by SignalRTransportsTest:
//   node transport-client.mjs <apiUrl> <ownerId> <accessToken> <anotherOwnerId> <transport|default> [json|messagepack]
// <transport>: WebSockets, ServerSentEvents or LongPolling (forced with the `transport` option); "default": no
// option, the client falls back on its own. "messagepack": withHubProtocol(new MessagePackHubProtocol()). Prints TRANSPORT <name>, JOINED, REFUSED ..., EVENT <target> <seq>
// <label> and RECEIVED <seq> <epoch ms> per event, CLOSED <error>; "exit" on stdin stops it.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import readline from 'node:readline';

const [apiUrl, ownerId, accessToken, anotherOwnerId, transport, protocol = 'json'] = process.argv.slice(2);
const print = (line) => { process.stdout.write(line + '\n'); };
const options = { accessTokenFactory: () => accessToken };
if (transport !== 'default') {
  options.transport = signalR.HttpTransportType[transport];
}
const builder = new signalR.HubConnectionBuilder()
  .withUrl(`${apiUrl}/hub/fleets`, options)
  .configureLogging(signalR.LogLevel.Warning);
if (protocol === 'messagepack') {
  builder.withHubProtocol(new MessagePackHubProtocol());
}
const connection = builder.build();

const seen = (target, label, meta) => {
  print(`EVENT ${target} ${meta.seq} ${label}`);
  // Receipt time (epoch ms, sub-millisecond) for SignalRLatencyBenchmark.
  print(`RECEIVED ${meta.seq} ${(performance.timeOrigin + performance.now()).toFixed(3)}`);
};
connection.on('FleetCreated', (fleet, meta) => seen('FleetCreated', fleet.name, meta));
connection.on('FleetUpdated', (fleet, meta) => seen('FleetUpdated', fleet.name, meta));
connection.on('FleetDeleted', (fleetId, meta) => seen('FleetDeleted', fleetId, meta));
connection.on('VehicleCreated', (vehicle, meta) => seen('VehicleCreated', vehicle.id, meta));
connection.on('VehicleUpdated', (vehicle, meta) => seen('VehicleUpdated', vehicle.id, meta));
connection.on('VehicleDeleted', (vehicleId, meta) => seen('VehicleDeleted', vehicleId, meta));
connection.on('TelemetryUpdated', (snapshot, meta) => { print(`TELEMETRY ${meta.vehicleId} ${snapshot.speedKph}`); });
connection.on('Resync', (position) => { print(`RESYNC ${position.seq}`); });
connection.onclose((error) => { print(`CLOSED ${error ? error.message : ''}`); });

setTimeout(() => {
  print('TIMEOUT');
  process.exit(3);
}, 120_000).unref();

try {
  await connection.start();
  print(`TRANSPORT ${connection.connection.transport.constructor.name}`);
  print(`PROTOCOL ${connection._protocol.name}`);
  await connection.invoke('JoinFleetGroup', ownerId);
  print('JOINED');
} catch (error) {
  print(`FAILED ${error.message}`);
  process.exit(2);
}
try {
  await connection.invoke('JoinFleetGroup', anotherOwnerId);
  print('JOINED ANOTHER OWNER');
} catch (error) {
  print(`REFUSED ${error.message}`);
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === 'exit') {
    await connection.stop();
    print('STOPPED');
    process.exit(0);
  }
});
