// Turns bench/results/latest.jsonl into the results table (medians with min–max over the runs), or, with
// --into FILE TABLE, replaces the part of FILE between the results markers with TABLE.
import { readFileSync, writeFileSync } from 'node:fs';

if (process.argv[2] === '--into') {
  const [file, table, label] = process.argv.slice(3);
  const START = `<!-- results${label ? `:${label}` : ''}:start -->`;
  const END = `<!-- results${label ? `:${label}` : ''}:end -->`;
  const text = readFileSync(file, 'utf8');
  if (!text.includes(START) || !text.includes(END)) {
    console.error(`${file} has no ${START} … ${END} block`);
    process.exit(1);
  }
  const before = text.slice(0, text.indexOf(START) + START.length);
  const after = text.slice(text.indexOf(END));
  writeFileSync(file, `${before}\n${readFileSync(table, 'utf8')}\n${after}`);
  process.exit(0);
}

// --merge EARLIER LATEST "GROUPS" ["SERVERS"]: LATEST's rows, plus EARLIER's rows of the groups or servers this run
// did not measure.
if (process.argv[2] === '--merge') {
  const [earlier, latest, groups, servers] = process.argv.slice(3);
  // run.sh's groups: relay (throughput, rate, fan-out), latency, idle, storm, unit, http.
  const groupOf = (row) => (['latency', 'idle', 'storm', 'unit', 'http'].includes(row.scenario) ? row.scenario : 'relay');
  const measured = new Set(groups.split(/\s+/).filter(Boolean));
  const measuredServers = new Set((servers || 'hourglass relay node').split(/\s+/).filter(Boolean));
  const read = (f) => readFileSync(f, 'utf8').split('\n').filter(Boolean);
  const kept = read(earlier).filter((line) => {
    const row = JSON.parse(line);
    return !(measured.has(groupOf(row)) && measuredServers.has(row.server));
  });
  writeFileSync(latest, [...kept, ...read(latest)].join('\n') + '\n');
  process.exit(0);
}

const cluster = process.argv[2] === '--cluster';
const [file, jvm, flags] = process.argv.slice(cluster ? 3 : 2);
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

function stat(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}
function show(s, digits = 0) {
  if (!s) return 'n/a';
  const f = (v) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}
function pick(server, match) {
  return rows.filter((r) => r.server === server && Object.entries(match).every(([k, v]) => r[k] === v));
}
function ratio(a, b) {
  return a && b && b.median ? `${(a.median / b.median).toFixed(2)}×` : 'n/a';
}
/** One table row: a metric of Hourglass's runs and the Node relay's runs side by side. */
function row(lines, label, hourglassRuns, nodeRuns, name, key, digits) {
  const a = stat(hourglassRuns.map((r) => r[key]));
  const b = stat(nodeRuns.map((r) => r[key]));
  lines.push(`| ${label} | ${name} | ${show(a, digits)} | ${show(b, digits)} | ${ratio(a, b)} |`);
}

if (cluster) {
  // bench/cluster.sh: two instances over Redis beside one instance in memory mode.
  const lines = [];
  lines.push(`JVM: ${jvm}; flags: \`${flags}\`. Every server process on one core (both instances and Redis), the load generator on the other;`);
  lines.push('server CPU summed over them; medians (min–max) over the runs.');
  lines.push('');
  lines.push('| scenario | metric | two instances + Redis | one instance, memory mode | Redis / memory |');
  lines.push('|---|---|---|---|---|');
  for (const [label, match] of [
    ['throughput, 50 rooms of 2 (one member on each instance), 512 B, 32 in flight', { scenario: 'throughput', size: 512 }],
    ['fixed rate 5,000 msg/s, 50 rooms of 2, 512 B', { scenario: 'rate', rate: 5000 }],
  ]) {
    const metric = (name, key, digits) => row(lines, label, pick('redis', match), pick('memory', match), name, key, digits);
    metric('delivered msg/s', 'deliveredPerSecond', 0);
    metric('server CPU µs per delivered msg', 'serverCpuUsPerMessage', 2);
    metric('p50 latency ms', 'p50ms', 3);
    metric('p99 latency ms', 'p99ms', 3);
    metric('lost / reordered', 'lostAfterDrain', 0);
    const commands = stat(pick('redis', match).map((r) => r.redisCommandsPerMessage));
    lines.push(`| ${label} | Redis commands per delivered msg | ${show(commands, 3)} | | |`);
  }
  console.log(lines.join('\n'));
  process.exit(0);
}

const lines = [];
lines.push(`JVM: ${jvm}; flags: \`${flags}\`. Node: ${process.version}, ws ${JSON.parse(readFileSync(new URL('./node_modules/ws/package.json', import.meta.url))).version}.`);
lines.push('Server pinned to one core, load generator to the other; medians (min–max) over the runs; warm-up discarded.');
lines.push('');
lines.push('| scenario | metric | Hourglass `/ws` | Node `ws` relay | Hourglass / Node |');
lines.push('|---|---|---|---|---|');
const relay = [
  ['throughput, 50 rooms of 2, 512 B, 32 in flight', { scenario: 'throughput', size: 512 }],
  ['throughput, 50 rooms of 2, 4 KiB, 32 in flight', { scenario: 'throughput', size: 4096 }],
  ['fixed rate 5,000 msg/s, 512 B', { scenario: 'rate', rate: 5000, client: undefined }],
  ['fixed rate 20,000 msg/s, 512 B', { scenario: 'rate', rate: 20000, client: undefined }],
  // The second send pattern: ws-package clients, each frame its own write, bursts of about 20 every millisecond.
  ['fixed rate 20,000 msg/s, 512 B, `ws` clients (each frame its own write)', { scenario: 'rate', rate: 20000, client: 'ws' }],
  ['fan-out, 10 rooms of 10, one sender, 2,000 msg/s', { scenario: 'fanout', rate: 2000 }],
  // The latency group: the same fixed rate with both servers up, rows alternating between them (run.sh).
  ['p99 series: 20,000 msg/s, 512 B, interleaved with the reference, lean clients', { scenario: 'latency', client: undefined }],
  ['p99 series: 20,000 msg/s, 512 B, interleaved with the reference, `ws` clients', { scenario: 'latency', client: 'ws' }],
];
/** Medians of each kind of system call per delivered message, as one cell: "read 0.99 · write 0.97 · …". */
function syscallKinds(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.syscallsByNamePerMessage || {})))];
  const cells = names.map((name) => [name, stat(runs.map((r) => (r.syscallsByNamePerMessage || {})[name]))])
    .filter(([, s]) => s && s.median >= 0.005).sort((a, b) => b[1].median - a[1].median)
    .map(([name, s]) => `${name} ${s.median.toFixed(2)}`);
  return cells.length ? cells.join(' · ') : 'n/a';
}
/** The relay and idle rows of one server against a reference (the Node relay, or /ws for the WebSockets Next relay). */
function relayRows(server, reference = 'node') {
  for (const [label, match] of relay) {
    const metric = (name, key, digits) => row(lines, label, pick(server, match), pick(reference, match), name, key, digits);
    if (match.scenario === 'latency') {
      if (pick(server, match).length > 0) {
        metric('server CPU µs per delivered msg', 'serverCpuUsPerMessage', 2);
        metric('p50 latency ms', 'p50ms', 3);
        metric('p99 latency ms', 'p99ms', 3);
        metric('p99.9 latency ms', 'p999ms', 3);
        // The load generator's own core: near 1, its queueing (and its collector's pauses) is in the tail it measures.
        if (pick(server, match).some((r) => r.loadCpuLoad !== undefined)) metric('load generator core busy', 'loadCpuLoad', 2);
      }
      continue;
    }
    metric('delivered msg/s', 'deliveredPerSecond', 0);
    metric('server CPU µs per delivered msg', 'serverCpuUsPerMessage', 2);
    if (match.scenario !== 'throughput') {
      // Where the CPU goes below saturation: the process's user and system time, and its system calls.
      metric('of which user µs', 'serverUserUsPerMessage', 2);
      metric('of which system µs', 'serverSystemUsPerMessage', 2);
      metric('system calls per delivered msg', 'syscallsPerMessage', 2);
      const runs = pick(server, match);
      if (runs.some((r) => r.syscallsByNamePerMessage)) {
        lines.push(`| ${label} | system calls by kind | ${syscallKinds(runs)} | ${syscallKinds(pick(reference, match))} | |`);
      }
    }
    if (pick(server, match).some((r) => r.allocatedBytesPerMessage !== undefined)) {
      metric('heap allocated per delivered msg, bytes', 'allocatedBytesPerMessage', 0);
    }
    if (match.scenario !== 'throughput') {
      metric('p50 latency ms', 'p50ms', 3);
      metric('p99 latency ms', 'p99ms', 3);
      metric('p99.9 latency ms', 'p999ms', 3);
    } else {
      metric('p99 latency ms (at saturation)', 'p99ms', 1);
    }
    metric('lost / reordered', 'lostAfterDrain', 0);
  }
  for (const connections of [10000, 19000]) {
    const h = pick(server, { scenario: 'idle' }).filter((r) => Math.abs(r.connections - connections) < 500);
    const n = pick(reference, { scenario: 'idle' }).filter((r) => Math.abs(r.connections - connections) < 500);
    if (h.length === 0 && n.length === 0) continue;
    const label = `idle, ${connections.toLocaleString('en-US')} connections in rooms of 2`;
    const metric = (name, key, digits) => row(lines, label, h, n, name, key, digits);
    metric('server RSS per connection KiB', 'serverRssPerConnectionKiB', 2);
    metric('server RSS with all connected MiB', 'serverRssAfterMiB', 0);
    metric('connect + join per second', 'connectJoinPerSecond', 0);
    metric('failed connections', 'connectFailures', 0);
  }
  const storms = pick(server, { scenario: 'storm' });
  if (storms.length > 0) {
    const label = 'reconnect storm, 19,000 clients at once (1,000 in flight), rooms of 2';
    const metric = (name, key, digits) => row(lines, label, storms, pick(reference, { scenario: 'storm' }), name, key, digits);
    for (const phase of ['cold', 'warm']) {
      metric(`${phase} server: seconds until all joined`, `${phase}Seconds`, 2);
      metric(`${phase} server: connect + join per second`, `${phase}PerSecond`, 0);
      metric(`${phase} server: p99 time to joined ms`, `${phase}JoinedP99ms`, 0);
      metric(`${phase} server: failed connections`, `${phase}Failures`, 0);
    }
  }
}
relayRows('hourglass');
const units = pick('hourglass', { scenario: 'unit' });
if (units.length > 0) {
  const label = 'top of the hour: 19,000 connected clients register new ids, then hello';
  const one = (name, key, digits) => lines.push(`| ${label} | ${name} | ${show(stat(units.map((r) => r[key])), digits)} | | |`);
  one('registrations per second', 'registrationsPerSecond', 0);
  one('registration p50 ms', 'registerP50ms', 2);
  one('registration p99 ms', 'registerP99ms', 2);
  one('seconds until every client is bound', 'secondsUntilAllBound', 2);
  one('failures', 'failures', 0);
  one('server RSS after MiB', 'serverRssAfterMiB', 0);
}
const http = (endpoint, key) => stat(pick('hourglass', { scenario: 'http', endpoint }).map((r) => r[key]));
const config = http('config', 'requestsPerSecond');
const configCpu = http('config', 'serverCpuUsPerRequest');
for (const [endpoint, label] of [['register', 'repeated'], ['register-changing', 'each one a change']]) {
  const rps = http(endpoint, 'requestsPerSecond');
  const cpu = http(endpoint, 'serverCpuUsPerRequest');
  lines.push(`| HTTP, 64 connections | \`POST /register\` (${label}) requests/s | ${show(rps)} | | ${ratio(rps, config)} of \`GET /config\` |`);
  lines.push(`| HTTP, 64 connections | \`POST /register\` (${label}) server CPU µs per request | ${show(cpu, 2)} | | ${ratio(cpu, configCpu)} of \`GET /config\` |`);
}
const fresh = http('register-new', 'requestsPerSecond');
if (fresh) {
  lines.push(`| HTTP, 64 connections | \`POST /register\` (each one new, for 10 s on a fresh server) requests/s | ${show(fresh)} | | ${ratio(fresh, config)} of \`GET /config\` |`);
  lines.push(`| HTTP, 64 connections | \`POST /register\` (each one new) server CPU µs per request | ${show(http('register-new', 'serverCpuUsPerRequest'), 2)} | | |`);
  lines.push(`| HTTP, 64 connections | \`POST /register\` (each one new) server RSS after the burst MiB | ${show(http('register-new', 'serverRssMiB'))} | | |`);
}
lines.push(`| HTTP, 64 connections | \`GET /config\` (constant answer) requests/s | ${show(config)} | | |`);
lines.push(`| HTTP, 64 connections | \`GET /config\` server CPU µs per request | ${show(configCpu, 2)} | | |`);
const p99 = pick('hourglass', { scenario: 'http' }).map((r) => `${r.endpoint} ${r.p99}`).join(', ');
lines.push(`| HTTP, 64 connections | p99 per run | ${p99} | | |`);
if (rows.some((r) => r.server === 'relay')) {
  // The y-websocket relay speaks the Node relay's own protocol (room = path, raw frames): the same load, like for like.
  lines.push('');
  lines.push('| scenario | metric | Hourglass `/relay/{room}` | Node `ws` relay | Hourglass / Node |');
  lines.push('|---|---|---|---|---|');
  relayRows('relay');
}
if (rows.some((r) => r.server === 'wsnext')) {
  // The same room protocol on Quarkus WebSockets Next (bench/wsnext), against /ws: the decision to run /ws on Vert.x directly, measured.
  lines.push('');
  lines.push('| scenario | metric | WebSockets Next relay (`bench/wsnext`) | Hourglass `/ws` | WebSockets Next / `/ws` |');
  lines.push('|---|---|---|---|---|');
  relayRows('wsnext', 'hourglass');
}
if (rows.some((r) => r.server === 'yjs')) {
  // y-webrtc signaling: a publish to a topic of two (the sender gets its own back from both servers, not counted).
  lines.push('');
  lines.push('| scenario | metric | Hourglass `/yjs` | y-webrtc\'s signaling server | Hourglass / y-webrtc |');
  lines.push('|---|---|---|---|---|');
  relayRows('yjs', 'ywebrtc');
}
console.log(lines.join('\n'));
