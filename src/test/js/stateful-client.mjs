// The dashboard's connection with withStatefulReconnect() over WebSockets (the official @microsoft/signalr client),
// driven by the stateful-reconnect tests:
//   node stateful-client.mjs <apiUrl> <ownerId> <accessToken> [json|messagepack]
// Prints JOINED, then EVENT <seq> <name> per FleetCreated, RESYNC <seq>, RECONNECTING / CLOSED <error>;
// "exit" on stdin stops it.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import readline from 'node:readline';

const [apiUrl, ownerId, accessToken, protocol = 'json'] = process.argv.slice(2);
const print = (line) => { process.stdout.write(line + '\n'); };
const builder = new signalR.HubConnectionBuilder()
  .withUrl(`${apiUrl}/hub/fleets`, { accessTokenFactory: () => accessToken, transport: signalR.HttpTransportType.WebSockets })
  .withStatefulReconnect()
  .configureLogging(signalR.LogLevel.Warning);
if (protocol === 'messagepack') {
  builder.withHubProtocol(new MessagePackHubProtocol());
}
const connection = builder.build();

connection.on('FleetCreated', (fleet, meta) => print(`EVENT ${meta.seq} ${fleet.name}`));
connection.on('Resync', (position) => print(`RESYNC ${position.seq}`));
connection.onreconnecting((error) => print(`RECONNECTING ${error ? error.message : ''}`));
connection.onclose((error) => print(`CLOSED ${error ? error.message : ''}`));

setTimeout(() => {
  print('TIMEOUT');
  process.exit(3);
}, 240_000).unref();

try {
  await connection.start();
  await connection.invoke('JoinFleetGroup', ownerId);
  print('JOINED');
} catch (error) {
  print(`FAILED ${error.message}`);
  process.exit(2);
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === 'exit') {
    await connection.stop();
    print('STOPPED');
    process.exit(0);
  }
});
