// The regression guard: one line per target with the measured ratio and whether it holds, from a results file
// (bench/results/latest.jsonl by default). Medians over the runs, as in the table. Usage: node targets.mjs [FILE]
import { readFileSync } from 'node:fs';

const file = process.argv[2] || new URL('./results/latest.jsonl', import.meta.url).pathname;
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)];
}
function metric(server, match, key) {
  return median(rows.filter((r) => r.server === server && Object.entries(match).every(([k, v]) => r[k] === v)).map((r) => r[key]));
}
function idle(server, connections, key) {
  return median(rows.filter((r) => r.server === server && r.scenario === 'idle' && Math.abs(r.connections - connections) < 500).map((r) => r[key]));
}

const lines = [];
/** A ratio target: measured / reference must be at most (or, with atLeast, at least) the bound. */
function ratio(name, measured, reference, bound, atLeast = false) {
  if (measured === null || reference === null || !reference) {
    lines.push(`target ${name}: not measured in this run`);
    return;
  }
  const value = measured / reference;
  const holds = atLeast ? value >= bound : value <= bound;
  lines.push(`target ${name}: ${value.toFixed(2)}× (bound ${atLeast ? '≥' : '≤'} ${bound}×) ${holds ? 'holds' : 'MISSED'}`);
}

const cpu = 'serverCpuUsPerMessage';
for (const server of ['hourglass', 'relay']) {
  const label = server === 'hourglass' ? '/ws' : '/relay';
  ratio(`${label} CPU per delivered 512 B message at saturation vs Node`, metric(server, { scenario: 'throughput', size: 512 }, cpu),
    metric('node', { scenario: 'throughput', size: 512 }, cpu), 0.5);
  for (const rate of [5000, 20000]) {
    ratio(`${label} CPU per delivered message at ${rate.toLocaleString('en-US')} msg/s vs Node`, metric(server, { scenario: 'rate', rate, client: undefined }, cpu),
      metric('node', { scenario: 'rate', rate, client: undefined }, cpu), 0.5);
  }
  // The floor under the fixed-rate targets: the system time each message costs (its read, write and wake-up) is
  // spent whatever the user code does.
  for (const rate of [5000, 20000]) {
    const match = { scenario: 'rate', rate, client: undefined };
    const system = metric(server, match, 'serverSystemUsPerMessage');
    const node = metric('node', match, cpu);
    if (system !== null && node) {
      lines.push(`floor ${label} at ${rate.toLocaleString('en-US')} msg/s: its system time alone is ${(system / node).toFixed(2)}× Node's CPU per message`
        + ` (${metric(server, match, 'syscallsPerMessage') ?? 'n/a'} against ${metric('node', match, 'syscallsPerMessage') ?? 'n/a'} system calls per message)`);
    }
  }
  ratio(`${label} CPU per delivered message in the fan-out vs Node`, metric(server, { scenario: 'fanout' }, cpu), metric('node', { scenario: 'fanout' }, cpu), 0.5);
  for (const [client, pattern] of [[undefined, 'lean clients, one write per turn'], ['ws', 'ws clients, a write per frame']]) {
    // The interleaved series when the run has it (run.sh's latency group), else the relay group's rows.
    const interleaved = metric(server, { scenario: 'latency', client }, 'p99ms') !== null;
    const match = interleaved ? { scenario: 'latency', client } : { scenario: 'rate', rate: 20000, client };
    ratio(`${label} p99 at 20,000 msg/s (${pattern}${interleaved ? ', interleaved series' : ''}) vs Node`, metric(server, match, 'p99ms'),
      metric('node', match, 'p99ms'), 1.0);
  }
  ratio(`${label} RSS per idle connection at 19,000 vs Node`, idle(server, 19000, 'serverRssPerConnectionKiB'),
    idle('node', 19000, 'serverRssPerConnectionKiB'), 0.6);
  ratio(`${label} connect+join per second at 19,000 (fresh server) vs Node`, idle(server, 19000, 'connectJoinPerSecond'),
    idle('node', 19000, 'connectJoinPerSecond'), 1.0, true);
  ratio(`${label} reconnect storm of 19,000 on a fresh server, connect+join per second vs Node`,
    metric(server, { scenario: 'storm' }, 'coldPerSecond'), metric('node', { scenario: 'storm' }, 'coldPerSecond'), 1.0, true);
  const stormFailures = metric(server, { scenario: 'storm' }, 'coldFailures');
  lines.push(stormFailures === null ? `target ${label} reconnect storm without a failure: not measured in this run`
    : `target ${label} reconnect storm without a failure: ${stormFailures} failed ${stormFailures === 0 ? 'holds' : 'MISSED'}`);
  const failures = idle(server, 19000, 'connectFailures');
  lines.push(failures === null ? `target ${label} 19,000 connections without a failure: not measured in this run`
    : `target ${label} 19,000 connections without a failure: ${failures} failed ${failures === 0 ? 'holds' : 'MISSED'}`);
}
const http = (endpoint, key) => metric('hourglass', { scenario: 'http', endpoint }, key);
for (const [endpoint, label] of [['register', 'repeated'], ['register-changing', 'each one a change'], ['register-new', 'each one new']]) {
  ratio(`POST /register (${label}) requests/s vs GET /config`, http(endpoint, 'requestsPerSecond'), http('config', 'requestsPerSecond'), 0.7, true);
}
for (const endpoint of ['register', 'register-changing', 'register-new']) {
  const p99 = median(rows.filter((r) => r.server === 'hourglass' && r.scenario === 'http' && r.endpoint === endpoint)
    .map((r) => parseFloat(r.p99) * (String(r.p99).endsWith('us') ? 0.001 : String(r.p99).endsWith('s') && !String(r.p99).endsWith('ms') ? 1000 : 1)));
  lines.push(p99 === null ? `target POST /register (${endpoint}) p99 < 50 ms: not measured in this run`
    : `target POST /register (${endpoint}) p99 < 50 ms: ${p99.toFixed(1)} ms ${p99 < 50 ? 'holds' : 'MISSED'}`);
}
console.log(lines.join('\n'));
