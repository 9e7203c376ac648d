// Cross-replica delivery latency: sequential creates on replica A, every event timed on sockets held by
// replica B (POST sent on A -> receipt on B). Run by bench/replica-latency.sh; asserts nothing.
//   node bench/replica-latency.mjs A_URL B_URL TOKEN_FILE OWNERS SOCKETS_PER_OWNER WRITES
// Prints one JSON line (sockets closed before it is printed): receipts, missing, duplicated, out of order, p50/p90/p99/max in ms.
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../src/test/js/package.json', import.meta.url));
const WebSocket = require('ws');

const [aUrl, bUrl, tokenFile, ownersArg, perOwnerArg, writesArg] = process.argv.slice(2);
const owners = Number(ownersArg), perOwner = Number(perOwnerArg), writes = Number(writesArg);
const tokens = readFileSync(tokenFile, 'utf8').trim().split('\n').slice(0, owners).map(l => l.split(' '));
const run = Math.random().toString(36).slice(2, 8);
const sent = new Map(); // fleet name -> performance.now() just before the POST
const latencies = [];
let duplicated = 0, outOfOrder = 0;
const waiting = new Map(); // fleet name -> receipts still expected

function open(ownerId, token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${bUrl.replace('http', 'ws')}/ws/owners/${ownerId}`,
      { headers: { Authorization: `Bearer ${token}` } });
    const seen = new Set();
    let lastSeq = 0;
    ws.on('message', raw => {
      const event = JSON.parse(raw.toString());
      const name = event.data && event.data.name;
      if (event.type !== 'FleetCreated' || !sent.has(name)) return;
      if (seen.has(name)) { duplicated++; return; }
      seen.add(name);
      if (event.seq <= lastSeq) outOfOrder++;
      lastSeq = event.seq;
      latencies.push(performance.now() - sent.get(name));
      const left = waiting.get(name) - 1;
      waiting.set(name, left);
      if (left === 0) waiting.get(name + '#done')();
    });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

const sockets = [];
for (const [ownerId, token] of tokens) {
  for (let i = 0; i < perOwner; i++) sockets.push(await open(ownerId, token));
}
// Let every subscription settle (its first read of the log) before the first write. With READY_FILE and
// GO_FILE set, say so and wait for the go: the caller takes its counters between the connects and the writes.
await new Promise(r => setTimeout(r, 1000));
if (process.env.READY_FILE) {
  writeFileSync(process.env.READY_FILE, 'ready');
  while (!existsSync(process.env.GO_FILE)) await new Promise(r => setTimeout(r, 20));
}

let missing = 0;
for (let i = 0; i < writes; i++) {
  const [ownerId, token] = tokens[i % owners];
  const name = `xr-${run}-${i}`;
  const done = new Promise(r => waiting.set(name + '#done', r));
  waiting.set(name, perOwner);
  sent.set(name, performance.now());
  const response = await fetch(`${aUrl}/api/owners/${ownerId}/fleets`, {
    method: 'POST', body: JSON.stringify({ name }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}`);
  await response.arrayBuffer();
  const timedOut = await Promise.race([done.then(() => false), new Promise(r => setTimeout(() => r(true), 5000))]);
  if (timedOut) missing += waiting.get(name);
}
sockets.forEach(ws => ws.close(1000));
latencies.sort((x, y) => x - y);
const at = q => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN;
console.log(JSON.stringify({ owners, perOwner, writes, receipts: latencies.length, missing, duplicated, outOfOrder,
  p50: +at(0.5).toFixed(2), p90: +at(0.9).toFixed(2), p99: +at(0.99).toFixed(2), max: +at(1).toFixed(2) }));
process.exit(0);
