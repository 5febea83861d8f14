// Hourglass load generator. Pluggable per protocol:
//   hourglass: ws://host/ws, {"type":"join","room":...}, messages relayed with "from" stamped in front
//   path:      ws://host/<room>, raw frames relayed to the room (the reference Node relay)
// Every message carries its sender, a sequence number and a send timestamp; the receiver counts losses and
// reorderings and measures one-way latency (sender and receiver share this process's clock).
// Server CPU is read from /proc/<server pid>/stat around the measured window. The WebSocket client is leanws.mjs
// (raw framing, one write per socket per turn), so that the load generator is not the first to saturate.
//
// node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:8080 --server-pid 123 --scenario throughput ...
// Several servers (instances of a cluster): --url2 takes every room's second member, --server-pid takes a comma list
// (their CPU and RSS are summed), and --redis-port counts the commands Redis processed in the measured window.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LeanWebSocket, PaddedTextFramer } from './leanws.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const protocol = args.protocol || 'hourglass';
const baseUrl = args.url || 'ws://127.0.0.1:8080';
const url2 = args.url2 || null;
const serverPids = String(args['server-pid'] || '').split(',').filter(Boolean).map(Number);
const redisPort = args['redis-port'] || null;
const scenario = args.scenario || 'throughput';
const rooms = Number(args.rooms || 50);
const roomSize = Number(args['room-size'] || 2);
const size = Number(args.size || 512);
const inflight = Number(args.inflight || 32);
const rate = Number(args.rate || 5000);
const warmupMs = Number(args.warmup || 3) * 1000;
const durationMs = Number(args.duration || 10) * 1000;
const connections = Number(args.connections || 10000);

const CLK_TCK = 100; // Linux USER_HZ
function serverCpuMs() {
  return serverPids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime
  }, 0);
}
function serverRssKiB() {
  return serverPids.reduce((sum, pid) => {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return sum + Number(line.split(/\s+/)[1]);
  }, 0);
}
function redisCommands() {
  if (!redisPort) return 0;
  const info = execFileSync('redis-cli', ['-p', redisPort, 'INFO', 'stats'], { encoding: 'utf8' });
  return Number(/total_commands_processed:(\d+)/.exec(info)[1]);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowUs = () => Math.round(performance.now() * 1000);

// ---------- connections ----------
async function connect(room, member) {
  const base = url2 && member % 2 === 1 ? url2 : baseUrl;
  const url = protocol === 'hourglass' ? `${base}/ws` : `${base}/${encodeURIComponent(room)}`;
  const socket = await LeanWebSocket.connect(url);
  if (protocol === 'path') return socket;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      socket.destroy();
      reject(new Error('no joined within 10 s'));
    }, 10_000);
    socket.onclose = () => reject(new Error('closed before joining'));
    socket.onmessage = (data) => {
      const text = data.toString();
      if (text.includes('"type":"welcome"')) {
        socket.sendText(JSON.stringify({ type: 'join', room }));
      } else if (text.includes('"type":"joined"')) {
        clearTimeout(timeout);
        socket.onmessage = null;
        socket.onclose = null;
        resolve(socket);
      } else if (text.includes('"type":"error"')) {
        reject(new Error(text));
      }
    };
  });
}

async function connectAll(roomCount, perRoom, concurrency = 200) {
  const tasks = [];
  for (let r = 0; r < roomCount; r++) for (let m = 0; m < perRoom; m++) tasks.push({ room: `bench-${process.pid}-${r}`, r, m });
  const clients = new Array(tasks.length);
  let next = 0;
  let failures = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      try {
        clients[index] = { ...tasks[index], socket: await connect(tasks[index].room, tasks[index].m) };
      } catch (error) {
        if (failures === 0) console.error(`first failed connection: ${error}`);
        failures++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return { clients: clients.filter(Boolean), failures };
}

// ---------- messages ----------
// {"type":"m","k":SENDER,"s":SEQ,"t":SENT_AT_US,"p":"xxx…"} padded to `size` bytes; only the head varies.
const framers = new Map();
function message(sender, seq) {
  const head = `{"type":"m","k":${sender},"s":${seq},"t":${nowUs()},"p":"`;
  const padLength = Math.max(0, size - head.length - 2);
  let framer = framers.get(padLength);
  if (!framer) framers.set(padLength, (framer = new PaddedTextFramer('x'.repeat(padLength), '"}')));
  return framer.frame(head);
}
const TYPE_M = Buffer.from('"type":"m"');
const FIELD = { k: Buffer.from('"k":'), s: Buffer.from('"s":'), t: Buffer.from('"t":') };
function field(data, name, from) {
  let at = data.indexOf(FIELD[name], from) + 4;
  let value = 0;
  for (let c = data[at]; c >= 48 && c <= 57; c = data[++at]) value = value * 10 + (c - 48);
  return value;
}

const stats = { delivered: 0, reordered: 0, latencies: [], measuring: false };
// expected[receiver] maps a sender to the next sequence number the receiver expects from it
const expected = [];
function receive(receiver, data, onDelivered) {
  const type = data.indexOf(TYPE_M);
  if (type < 0 || type > 80) return; // a server notice such as peer-joined
  const sender = field(data, 'k', type);
  const seq = field(data, 's', type);
  const sentAt = field(data, 't', type);
  const fromSender = expected[receiver] || (expected[receiver] = new Map());
  const want = fromSender.get(sender) || 0;
  if (stats.measuring) {
    stats.delivered++;
    stats.latencies.push(nowUs() - sentAt);
    if (seq < want) stats.reordered++;
  }
  if (seq >= want) fromSender.set(sender, seq + 1);
  onDelivered(sender);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] / 1000; // ms
}

async function measure(run) {
  await sleep(warmupMs);
  stats.delivered = 0;
  stats.reordered = 0;
  stats.latencies = [];
  const cpuStart = serverCpuMs();
  const redisStart = redisCommands();
  const started = performance.now();
  stats.measuring = true;
  await sleep(durationMs);
  stats.measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = serverCpuMs() - cpuStart;
  const redisCount = redisCommands() - redisStart - 1; // less the first INFO itself
  run.stop = true;
  const sorted = Float64Array.from(stats.latencies).sort();
  return {
    delivered: stats.delivered,
    deliveredPerSecond: Math.round(stats.delivered / seconds),
    serverCpuMs: cpuMs,
    serverCpuUsPerMessage: stats.delivered ? Number(((cpuMs * 1000) / stats.delivered).toFixed(2)) : null,
    serverCpuLoad: Number((cpuMs / 1000 / seconds).toFixed(2)),
    p50ms: percentile(sorted, 50),
    p99ms: percentile(sorted, 99),
    p999ms: percentile(sorted, 99.9),
    reordered: stats.reordered,
    ...(redisPort ? { redisCommandsPerMessage: stats.delivered ? Number((redisCount / stats.delivered).toFixed(3)) : null } : {}),
  };
}

// ---------- scenarios ----------
async function throughput() {
  const { clients, failures } = await connectAll(rooms, 2);
  const run = { stop: false };
  const inFlight = new Map();
  const sent = new Map();
  clients.forEach((client, index) => {
    client.index = index;
    client.peer = clients.find((other) => other.room === client.room && other !== client);
  });
  const bySender = new Map(clients.map((c) => [c.index, c]));
  const send = (client) => {
    const seq = sent.get(client.index) || 0;
    sent.set(client.index, seq + 1);
    inFlight.set(client.index, (inFlight.get(client.index) || 0) + 1);
    client.socket.sendFrame(message(client.index, seq));
  };
  for (const client of clients) {
    client.socket.onmessage = (data) => receive(client.index, data, (sender) => {
      inFlight.set(sender, inFlight.get(sender) - 1);
      if (!run.stop) send(bySender.get(sender));
    });
  }
  for (const client of clients) for (let i = 0; i < inflight; i++) send(client);
  const result = await measure(run);
  await sleep(500);
  const lost = [...inFlight.values()].reduce((a, b) => a + b, 0);
  clients.forEach((c) => c.socket.destroy());
  return { ...result, connections: clients.length, connectFailures: failures, lostAfterDrain: lost };
}

async function fixedRate(totalRate, perRoom, sendersPerRoom) {
  const { clients, failures } = await connectAll(rooms, perRoom);
  const run = { stop: false };
  clients.forEach((client, index) => (client.index = index));
  const senders = [];
  const byRoom = new Map();
  for (const client of clients) {
    if (!byRoom.has(client.room)) byRoom.set(client.room, []);
    byRoom.get(client.room).push(client);
  }
  for (const members of byRoom.values()) senders.push(...members.slice(0, sendersPerRoom));
  let delivered = 0;
  for (const client of clients) client.socket.onmessage = (data) => receive(client.index, data, () => delivered++);
  const sent = new Map();
  let total = 0;
  const start = performance.now();
  let cursor = 0;
  const timer = setInterval(() => {
    if (run.stop) return;
    const due = Math.floor(((performance.now() - start) / 1000) * totalRate) - total;
    for (let i = 0; i < due; i++) {
      const sender = senders[cursor++ % senders.length];
      const seq = sent.get(sender.index) || 0;
      sent.set(sender.index, seq + 1);
      sender.socket.sendFrame(message(sender.index, seq));
      total++;
    }
  }, 1);
  const result = await measure(run);
  clearInterval(timer);
  await sleep(500);
  const expectedDeliveries = total * (perRoom - 1) * 1;
  clients.forEach((c) => c.socket.destroy());
  return { ...result, connections: clients.length, connectFailures: failures, sent: total,
    lostAfterDrain: Math.max(0, expectedDeliveries - delivered), offeredRate: totalRate };
}

async function idle() {
  const rssBefore = serverRssKiB();
  const started = performance.now();
  const { clients, failures } = await connectAll(Math.ceil(connections / 2), 2, 256);
  const seconds = (performance.now() - started) / 1000;
  await sleep(5000); // let the server settle (GC, lazy allocations)
  const rssAfter = serverRssKiB();
  const result = {
    connections: clients.length,
    connectFailures: failures,
    connectJoinPerSecond: Math.round(clients.length / seconds),
    serverRssBeforeMiB: Math.round(rssBefore / 1024),
    serverRssAfterMiB: Math.round(rssAfter / 1024),
    serverRssPerConnectionKiB: Number(((rssAfter - rssBefore) / clients.length).toFixed(2)),
  };
  clients.forEach((c) => c.socket.destroy());
  return result;
}

const scenarios = {
  throughput,
  rate: () => fixedRate(rate, 2, 2),
  fanout: () => fixedRate(rate, roomSize, 1),
  idle,
};
const result = await scenarios[scenario]();
console.log(JSON.stringify({ scenario, protocol, size, rate, rooms, roomSize, ...result }));
process.exit(0);
