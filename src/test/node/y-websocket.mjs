// Hourglass's relay against the real y-websocket client (and the original design's encrypted-frame pattern).
// Usage: node y-websocket.mjs <scenario> <ws://host:port> [<ws://second-instance:port>]; exits 0 when the scenario
// holds, 1 with the reason.
// Providers are created with disableBc: in one process they would otherwise sync over a BroadcastChannel, without
// any server, and the test could not fail.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { webcrypto } from 'node:crypto';

const [scenario, base, second] = process.argv.slice(2);
const room = `${scenario}-${Math.random().toString(36).slice(2, 10)}`;
const providers = [];

function fail(reason) {
  console.error(`FAIL ${scenario}: ${reason}`);
  process.exit(1);
}

async function until(what, check, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  fail(`timed out waiting for ${what}`);
}

function provider(serverUrl, name = room) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(serverUrl, name, doc, { WebSocketPolyfill: WebSocket, disableBc: true });
  providers.push(p);
  return p;
}

const text = (p) => p.doc.getText('t').toString();

async function synced(p) {
  await until('a provider to be synced', () => p.synced);
}

async function converge(first, second, late) {
  const a = provider(first);
  await synced(a);
  const b = provider(second);
  await synced(b);
  a.doc.getText('t').insert(0, 'hello');
  b.doc.getText('t').insert(0, 'world ');
  await until('the two documents to converge', () => text(a) === text(b) && text(a).length === 'world hello'.length);
  const c = provider(late);
  await synced(c);
  await until('the late joiner to converge', () => text(c) === text(a));
  c.doc.getText('t').insert(text(c).length, '!');
  await until('an edit of the late joiner to reach the first', () => text(a).endsWith('!') && text(b) === text(a));
}

// The original design's end-to-end encrypted wrapper: y-protocol messages sealed with AES-GCM (a fresh 12-byte IV in
// front of the ciphertext) in binary frames on ws://host/{roomId}. The server must relay them untouched and never
// answer one, even when the sender is alone in the room.
async function encrypted() {
  const key = await webcrypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const seal = async (plain) => {
    const iv = webcrypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
    const frame = new Uint8Array(12 + sealed.length);
    frame.set(iv, 0);
    frame.set(sealed, 12);
    return frame;
  };
  const open = async (frame) => new Uint8Array(await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv: frame.slice(0, 12) },
    key, frame.slice(12)));
  const peer = async () => {
    const doc = new Y.Doc();
    const socket = new WebSocket(`${base}/${room}`);
    socket.binaryType = 'arraybuffer';
    const received = [];
    socket.on('message', async (data, isBinary) => {
      if (!isBinary) fail('a text frame arrived where only binary frames were sent');
      const frame = new Uint8Array(data);
      received.push(frame);
      const decoder = decoding.createDecoder(await open(frame));
      decoding.readVarUint(decoder); // messageSync
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      syncProtocol.readSyncMessage(decoder, reply, doc, 'remote');
      if (encoding.length(reply) > 1) socket.send(await seal(encoding.toUint8Array(reply)));
    });
    doc.on('update', async (update, origin) => {
      if (origin === 'remote') return;
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 0);
      syncProtocol.writeUpdate(message, update);
      socket.send(await seal(encoding.toUint8Array(message)));
    });
    await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
    return { doc, socket, received, seal };
  };
  const step1 = (doc) => {
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 0);
    syncProtocol.writeSyncStep1(message, doc);
    return encoding.toUint8Array(message);
  };
  const alice = await peer();
  alice.doc.getText('t').insert(0, 'sealed');
  alice.socket.send(await alice.seal(step1(alice.doc)));
  await new Promise((r) => setTimeout(r, 500));
  if (alice.received.length !== 0) fail('the server answered an encrypted frame');
  const bob = await peer();
  const sent = [];
  const send = bob.socket.send.bind(bob.socket);
  bob.socket.send = (frame) => { sent.push(frame); send(frame); };
  bob.socket.send(await bob.seal(step1(bob.doc)));
  await until('alice\'s sealed text to reach bob', () => bob.doc.getText('t').toString() === 'sealed');
  bob.doc.getText('t').insert(6, ' both ways');
  await until('bob\'s sealed edit to reach alice', () => alice.doc.getText('t').toString() === 'sealed both ways');
  // Untouched: every frame alice got from bob is byte for byte one bob sent.
  const hex = (bytes) => Buffer.from(bytes).toString('hex');
  const sentHex = new Set(sent.map(hex));
  if (!alice.received.every((frame) => sentHex.has(hex(frame)))) fail('a relayed frame differs from the one sent');
  alice.socket.close();
  bob.socket.close();
}

async function lone() {
  const a = provider(`${base}/relay`);
  const statuses = [];
  a.on('status', ({ status }) => statuses.push(status));
  await synced(a);
  const connectedAt = Date.now();
  // y-websocket closes and reconnects after 30 s without any message: the server's echo of its awareness renewals
  // (every 15 s) is what keeps a lone client connected.
  await new Promise((r) => setTimeout(r, 36000));
  if (statuses.includes('disconnected')) fail(`the lone client was disconnected (statuses: ${statuses.join(',')})`);
  if (!a.wsconnected || !a.synced) fail('the lone client is no longer connected and synced');
  console.log(`lone client connected and synced for ${Math.round((Date.now() - connectedAt) / 1000)} s`);
}

async function awareness(first = `${base}/relay`, other = `${base}/relay`) {
  const a = provider(first);
  const b = provider(other);
  await synced(a);
  await synced(b);
  a.awareness.setLocalStateField('user', { name: 'alice' });
  await until('bob to see alice\'s awareness', () => b.awareness.getStates().get(a.doc.clientID)?.user?.name === 'alice');
  const gone = a.doc.clientID;
  // A provider that disconnects cleanly tells its peers itself; a tab that is killed, or a network that drops, does
  // not: the connection just ends. Then only the server can tell bob that alice is gone, well before bob's own 30 s
  // timeout.
  a.shouldConnect = false;
  a.ws.terminate();
  await until('bob\'s awareness to drop alice', () => !b.awareness.getStates().has(gone), 5000);
  if (!b.awareness.getStates().has(b.doc.clientID)) fail('bob lost his own awareness state');
}

const scenarios = {
  relay: () => converge(`${base}/relay`, `${base}/relay`, `${base}/relay`),
  // The original URL form, ws://host/{roomId}, meets /relay/{roomId}: one room.
  'original-url': () => converge(base, base, `${base}/relay`),
  encrypted,
  lone,
  awareness,
  // Two instances of one cluster (the Redis mode): one document, one room, whichever instance each client reached.
  cluster: async () => {
    await converge(`${base}/relay`, second, `${base}/relay`);
    await awareness(`${second}/relay`, base);
  },
};

if (!scenarios[scenario]) fail('unknown scenario');
try {
  await scenarios[scenario]();
} catch (error) {
  fail(error.stack || String(error));
}
for (const p of providers) p.destroy();
console.log(`OK ${scenario}`);
process.exit(0);
