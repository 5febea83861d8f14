// Hourglass load generator. Pluggable per protocol:
//   hourglass: ws://host/ws, {"type":"join","room":...}, messages relayed with "from" stamped in front
//   path:      ws://host/<room>, raw frames relayed to the room (the reference Node relay)
//   yjs:       the URL as given (Hourglass's /yjs, or y-webrtc's own signaling server), each member subscribed to its
//              room as a topic, messages sent as {"type":"publish","topic":room,"data":{…}} (the sender gets its own
//              back, as y-webrtc's server does it: not counted)
// Every message carries its sender, a sequence number and a send timestamp; the receiver counts losses and
// reorderings and measures one-way latency (sender and receiver share this process's clock).
// Server CPU is read from /proc/<server pid>/stat around the measured window. The WebSocket client is leanws.mjs
// (raw framing, one write per socket per turn), so that the load generator is not the first to saturate.
//
// node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:8080 --server-pid 123 --scenario throughput ...
// Several servers (instances of a cluster): --url2 takes every room's second member, --server-pid takes a comma list
// (their CPU and RSS are summed), and --redis-port counts the commands Redis processed in the measured window.
// Each row also gives this process's own CPU load in the window (loadCpuLoad): a load core near 1 measures itself.
// SLOW_LOG=<file>: every message slower than 2 ms, as its send time (epoch seconds) and latency (µs), one per line,
// to line up the tail's stalls with the servers' and the kernel's timelines (finding 22).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LeanWebSocket, PaddedTextFramer } from './leanws.mjs';
import { PackageWebSocket } from './wsclient.mjs';

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
// The client: lean (leanws.mjs, the frames of one turn in one write) or ws (the ws package, each frame its own write).
const client = args.client || 'lean';
const Client = client === 'ws' ? PackageWebSocket : LeanWebSocket;
// --metrics-url: the server's Prometheus scrape, for the bytes it allocated per delivered message (JVM servers).
const metricsUrl = args['metrics-url'] || null;
// --syscalls 1: count the server's system calls in the measured window (perf's raw_syscalls tracepoint, no ptrace).
const countSyscalls = args.syscalls === '1';

const CLK_TCK = 100; // Linux USER_HZ
/** The servers' CPU time so far, in ms: user, system, and their sum. */
function serverCpu() {
  return serverPids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const user = (Number(fields[11]) * 1000) / CLK_TCK;
    const system = (Number(fields[12]) * 1000) / CLK_TCK;
    return { user: sum.user + user, system: sum.system + system, total: sum.total + user + system };
  }, { user: 0, system: 0, total: 0 });
}
const serverCpuMs = () => serverCpu().total;
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
/** Bytes the JVM has allocated so far (Micrometer's counter, advanced at each young collection). */
async function allocatedBytes() {
  if (!metricsUrl) return null;
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('jvm_gc_memory_allocated_bytes_total'));
  return line ? Number(line.split(' ').pop()) : null;
}
/** Starts counting the servers' system calls, by name; stop() resolves to { total, byName }. */
function syscallCounter() {
  if (!countSyscalls) return null;
  const events = ['raw_syscalls:sys_enter', 'syscalls:sys_enter_epoll_wait', 'syscalls:sys_enter_epoll_pwait', 'syscalls:sys_enter_read',
    'syscalls:sys_enter_write', 'syscalls:sys_enter_writev', 'syscalls:sys_enter_futex'];
  const perf = spawn('perf', ['stat', '-x', ',', ...events.flatMap((e) => ['-e', e]), '-p', serverPids.join(',')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  perf.stderr.on('data', (chunk) => (output += chunk));
  const done = new Promise((resolve) => perf.on('close', resolve));
  return {
    async stop() {
      perf.kill('SIGINT');
      await done;
      const byName = {};
      for (const line of output.split('\n')) {
        const [count, , event] = line.split(',');
        if (event && /^\d+$/.test(count)) byName[event.replace(/^(raw_)?syscalls:sys_enter_?/, '') || 'all'] = Number(count);
      }
      return { total: byName.all ?? null, byName };
    },
  };
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowUs = () => Math.round(performance.now() * 1000);

// ---------- connections ----------
async function connect(room, member) {
  const base = url2 && member % 2 === 1 ? url2 : baseUrl;
  const url = protocol === 'hourglass' ? `${base}/ws` : protocol === 'yjs' ? base : `${base}/${encodeURIComponent(room)}`;
  const socket = await Client.connect(url);
  if (protocol === 'path') return socket;
  if (protocol === 'yjs') {
    // y-webrtc's protocol acknowledges nothing: the pong after the subscribe says the server has read it.
    socket.sendText(JSON.stringify({ type: 'subscribe', topics: [room] }));
    socket.sendText(JSON.stringify({ type: 'ping' }));
    return converse(socket, (text) => text.includes('"type":"pong"'));
  }
  return converse(socket, (text) => {
    if (text.includes('"type":"welcome"')) socket.sendText(JSON.stringify({ type: 'join', room }));
    return text.includes('"type":"joined"');
  });
}

/** Feeds the socket's messages to step until it returns true (the connection is ready), within 10 s. */
function converse(socket, step) {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      socket.destroy();
      reject(new Error('not ready within 10 s'));
    }, 10_000);
    socket.onclose = () => reject(new Error('closed before joining'));
    socket.onmessage = (data) => {
      const text = data.toString();
      if (text.includes('"type":"error"')) {
        reject(new Error(text));
      } else if (step(text)) {
        clearTimeout(timeout);
        socket.onmessage = null;
        socket.onclose = null;
        resolve(socket);
      }
    };
  });
}

async function connectAll(roomCount, perRoom, concurrency = 200, joinTimes = null, tag = '') {
  const tasks = [];
  for (let r = 0; r < roomCount; r++) for (let m = 0; m < perRoom; m++) tasks.push({ room: `bench-${process.pid}${tag}-${r}`, r, m });
  const clients = new Array(tasks.length);
  let next = 0;
  let failures = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      try {
        const begun = performance.now();
        clients[index] = { ...tasks[index], socket: await connect(tasks[index].room, tasks[index].m) };
        if (joinTimes) joinTimes.push((performance.now() - begun) * 1000); // µs, as percentile() takes them
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
// {"type":"m","k":SENDER,"s":SEQ,"t":SENT_AT_US,"p":"xxx…"} padded to `size` bytes; only the head varies. On yjs
// the same object is the data of a publish to the sender's room, the whole message padded to `size`.
const framers = new Map();
const pads = new Map();
const TAIL = protocol === 'yjs' ? '"}}' : '"}';
function message(sender, seq, room) {
  const envelope = protocol === 'yjs' ? `{"type":"publish","topic":${JSON.stringify(room)},"data":` : '';
  const head = `${envelope}{"type":"m","k":${sender},"s":${seq},"t":${nowUs()},"p":"`;
  const padLength = Math.max(0, size - head.length - TAIL.length);
  if (client === 'ws') {
    let pad = pads.get(padLength);
    if (pad === undefined) pads.set(padLength, (pad = 'x'.repeat(padLength)));
    return `${head}${pad}${TAIL}`;
  }
  let framer = framers.get(padLength);
  if (!framer) framers.set(padLength, (framer = new PaddedTextFramer('x'.repeat(padLength), TAIL)));
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

const slowLog = process.env.SLOW_LOG ? [] : null; // see the header
const stats = { delivered: 0, deliveredInAll: 0, reordered: 0, latencies: [], measuring: false };
const SCRAPE_SETTLE_MS = 1000;
// expected[receiver] maps a sender to the next sequence number the receiver expects from it
const expected = [];
function receive(receiver, data, onDelivered) {
  const type = data.indexOf(TYPE_M);
  if (type < 0 || type > 80) return; // a server notice such as peer-joined
  const sender = field(data, 'k', type);
  if (sender === receiver) return; // a publish comes back to its sender on yjs
  const seq = field(data, 's', type);
  const sentAt = field(data, 't', type);
  const fromSender = expected[receiver] || (expected[receiver] = new Map());
  const want = fromSender.get(sender) || 0;
  stats.deliveredInAll++;
  if (stats.measuring) {
    stats.delivered++;
    const latency = nowUs() - sentAt;
    stats.latencies.push(latency);
    if (slowLog && latency > 2000) slowLog.push(`${((performance.timeOrigin + sentAt / 1000) / 1000).toFixed(4)} ${latency}`);
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
  // The first scrape makes the server compile its metrics code: done during the warm-up, not in the measured window.
  await allocatedBytes();
  await sleep(warmupMs);
  const allocatedStart = await allocatedBytes();
  const deliveredAtStart = stats.deliveredInAll;
  // Every scrape still sets the JVM server's compilers and collector working on the core it shares with its event
  // loop, and the Node relay has none: the window opens once that has passed (finding 22), and the bytes allocated
  // are divided by the messages delivered from scrape to scrape.
  if (metricsUrl) await sleep(SCRAPE_SETTLE_MS);
  stats.delivered = 0;
  stats.reordered = 0;
  stats.latencies = [];
  const syscalls = syscallCounter();
  const cpuStart = serverCpu();
  const loadCpuStart = process.cpuUsage();
  const redisStart = redisCommands();
  const started = performance.now();
  stats.measuring = true;
  await sleep(durationMs);
  stats.measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const cpuEnd = serverCpu();
  const cpuMs = cpuEnd.total - cpuStart.total;
  const loadCpu = process.cpuUsage(loadCpuStart);
  const counted = syscalls ? await syscalls.stop() : null;
  const allocatedEnd = await allocatedBytes();
  const deliveredBetweenScrapes = stats.deliveredInAll - deliveredAtStart;
  const redisCount = redisCommands() - redisStart - 1; // less the first INFO itself
  run.stop = true;
  if (slowLog) writeFileSync(process.env.SLOW_LOG, slowLog.join('\n') + '\n');
  const sorted = Float64Array.from(stats.latencies).sort();
  const perMessage = (amount, digits = 2, count = stats.delivered) => (count ? Number((amount / count).toFixed(digits)) : null);
  return {
    delivered: stats.delivered,
    deliveredPerSecond: Math.round(stats.delivered / seconds),
    serverCpuMs: cpuMs,
    serverCpuUsPerMessage: perMessage(cpuMs * 1000),
    serverCpuLoad: Number((cpuMs / 1000 / seconds).toFixed(2)),
    loadCpuLoad: Number(((loadCpu.user + loadCpu.system) / 1e6 / seconds).toFixed(2)),
    serverUserUsPerMessage: perMessage((cpuEnd.user - cpuStart.user) * 1000),
    serverSystemUsPerMessage: perMessage((cpuEnd.system - cpuStart.system) * 1000),
    ...(counted ? { syscallsPerMessage: perMessage(counted.total, 3),
      syscallsByNamePerMessage: Object.fromEntries(Object.entries(counted.byName).filter(([name]) => name !== 'all')
        .map(([name, count]) => [name, perMessage(count, 3)])) } : {}),
    ...(allocatedStart !== null && allocatedEnd !== null
      ? { allocatedBytesPerMessage: perMessage(allocatedEnd - allocatedStart, 0, deliveredBetweenScrapes) } : {}),
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
    client.socket.sendFrame(message(client.index, seq, client.room));
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
      sender.socket.sendFrame(message(sender.index, seq, sender.room));
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
  await sleep(Number(args.hold || 0) * 1000); // --hold: keep them for a heap histogram (bench/histogram.sh)
  clients.forEach((c) => c.socket.destroy());
  return result;
}

/**
 * A reconnect storm: every client connects and joins a room of 2 at once (1,000 in flight), as after a restart or a
 * deploy; then all leave and do it again on the same, now warm, server. Per storm: time until all are joined,
 * connect+join per second, failures, and the p50/p99 of each client's time from its connect to its joined.
 */
async function storm() {
  const result = { connections };
  for (const phase of ['cold', 'warm']) {
    const joinTimes = [];
    const started = performance.now();
    const { clients, failures } = await connectAll(Math.ceil(connections / 2), 2, 1000, joinTimes, phase);
    const seconds = (performance.now() - started) / 1000;
    const sorted = Float64Array.from(joinTimes).sort();
    Object.assign(result, {
      [`${phase}Seconds`]: Number(seconds.toFixed(2)),
      [`${phase}PerSecond`]: Math.round(clients.length / seconds),
      [`${phase}Failures`]: failures,
      [`${phase}JoinedP50ms`]: percentile(sorted, 50),
      [`${phase}JoinedP99ms`]: percentile(sorted, 99),
    });
    clients.forEach((c) => c.socket.destroy());
    await sleep(3000); // the server closes them all before the next storm
  }
  return result;
}

/** One unit's registrations (64 in flight) and hellos on the given connections; resolves when every client is bound. */
async function unitRound(sockets, hour, agent, target, hex) {
  const { request } = await import('node:http');
  const registerTimes = [];
  let registered = 0;
  let registeredAt = 0;
  let bound = 0;
  let failed = 0;
  const begun0 = performance.now();
  const register = (body) => new Promise((resolve) => {
    const begun = performance.now();
    const req = request({ host: target.hostname, port: target.port, path: '/register', method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => { registerTimes.push((performance.now() - begun) * 1000); resolve(res.statusCode === 202); });
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
  const hellos = [];
  let cursor = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (cursor < sockets.length) {
      const i = cursor++;
      const socket = sockets[i];
      const userId = hex(64);
      const key = `${hex(56)}${String(Math.floor(i / 2)).padStart(8, '0')}`;
      const ok = await register(`{"ephemeralContactKeysList":["${key}"],"tempEphemeralUserId":"${userId}","hourId":${hour}}`);
      if (!ok) { failed++; continue; }
      if (++registered === sockets.length) registeredAt = performance.now() - begun0;
      hellos.push(new Promise((resolve) => {
        socket.onmessage = (data) => { if (data.toString().includes('"type":"bound"')) { bound++; resolve(); } };
        socket.onclose = () => { failed++; resolve(); };
        socket.sendText(`{"type":"hello","userId":"${userId}","hourId":${hour},"contactKeys":["${key}"]}`);
      }));
    }
  }));
  await Promise.all(hellos);
  return { registered, registeredAt, bound, failed, registerTimes };
}

/**
 * The top of the hour: `connections` clients are connected (no room), then each registers its new unit's ids over
 * HTTP (64 keep-alive connections, as a proxy in front would pool them) and sends hello on its open connection;
 * pairs share a contact key, so every binding also makes a presence notice. Reports registrations per second, the
 * p50/p99 of a registration, the time until every client is bound, failures, and the server's RSS after.
 */
async function unitStorm() {
  const { Agent } = await import('node:http');
  const target = new URL(baseUrl.replace(/^ws/, 'http'));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
  const sockets = [];
  let failures = 0;
  let next = 0;
  const connectOne = () => new Promise((resolve) => {
    LeanWebSocket.connect(`${baseUrl}/ws`).then((socket) => {
      socket.onmessage = (data) => { if (data.toString().includes('"welcome"')) resolve(socket); };
      socket.onclose = () => resolve(null);
    }, () => resolve(null));
  });
  await Promise.all(Array.from({ length: 1000 }, async () => {
    while (next < connections) {
      next++;
      const socket = await connectOne();
      if (socket) sockets.push(socket); else failures++;
    }
  }));
  // Two units on the same connections: the previous one's registrations and hellos (which also warm the server up,
  // as a server that has been running is at the top of an hour), then the measured one, when every client registers
  // its new ids and hellos again on its open, bound connection.
  const hour = Math.floor(Date.now() / 3600_000);
  await unitRound(sockets, hour - 1, agent, target, hex);
  const rssBefore = serverRssKiB();
  const cpuStart = serverCpuMs();
  const started = performance.now();
  const { registered, registeredAt, bound, failed, registerTimes } = await unitRound(sockets, hour, agent, target, hex);
  failures += failed;
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = serverCpuMs() - cpuStart;
  await sleep(2000);
  const sorted = Float64Array.from(registerTimes).sort();
  const result = {
    connections: sockets.length,
    failures,
    registrationsPerSecond: Math.round(registered / (registeredAt || performance.now() - started) * 1000),
    serverCpuUsPerClient: Number((cpuMs * 1000 / Math.max(1, bound)).toFixed(1)),
    registerP50ms: percentile(sorted, 50),
    registerP99ms: percentile(sorted, 99),
    secondsUntilAllBound: Number(seconds.toFixed(2)),
    bound,
    serverRssBeforeMiB: Math.round(rssBefore / 1024),
    serverRssAfterMiB: Math.round(serverRssKiB() / 1024),
  };
  sockets.forEach((socket) => socket.destroy());
  agent.destroy();
  return result;
}

const scenarios = {
  unit: unitStorm,
  storm,
  throughput,
  rate: () => fixedRate(rate, 2, 2),
  fanout: () => fixedRate(rate, roomSize, 1),
  idle,
};
const result = await scenarios[scenario]();
console.log(JSON.stringify({ scenario, protocol, size, rate, rooms, roomSize, ...(client === 'lean' ? {} : { client }), ...result }));
process.exit(0);
