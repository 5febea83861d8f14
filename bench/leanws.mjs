// A lean WebSocket client for the load generator: raw TCP, RFC 6455 framing, nothing else.
//
// Why not the `ws` package: on two cores the load generator has one core, and with `ws` it saturated before either
// server did (about 120,000 messages/s), so the servers were measured at 80-90 % of their core, reading one message
// at a time. This client costs far less per message:
//   - every frame sent while handling one batch of input goes out in one write (cork, then uncork on setImmediate);
//   - frames are built straight into one buffer; the payload's padding is masked once up front (see below);
//   - received frames are handed over as slices of the read buffer, with no copy and no string decoding.
// Masking: RFC 6455 asks for a fresh key per frame, to protect HTTP proxies from cache poisoning by script-chosen
// bytes; on loopback there is no proxy, so one random non-zero key per process is used and the constant padding is
// masked once per alignment. Servers unmask every frame either way (a zero key would let `ws` skip unmasking).
import net from 'node:net';
import { randomBytes } from 'node:crypto';

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

let MASK;
do MASK = randomBytes(4); while ((MASK[0] | MASK[1] | MASK[2] | MASK[3]) === 0);

function headerLength(length) {
  return (length < 126 ? 2 : length < 65536 ? 4 : 10) + 4;
}

function writeHeader(frame, opcode, length) {
  frame[0] = 0x80 | opcode;
  let at = 2;
  if (length < 126) {
    frame[1] = 0x80 | length;
  } else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
    at = 4;
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
    at = 10;
  }
  MASK.copy(frame, at);
  return at + 4;
}

/** A whole masked frame for a payload given as a Buffer. */
export function maskedFrame(payload, opcode = OP_TEXT) {
  const frame = Buffer.allocUnsafe(headerLength(payload.length) + payload.length);
  const start = writeHeader(frame, opcode, payload.length);
  for (let i = 0; i < payload.length; i++) frame[start + i] = payload[i] ^ MASK[i & 3];
  return frame;
}

/**
 * Frames for text made of a short, varying head, a constant pad and a constant tail (the load generator's
 * messages): only the head is masked per frame; the pad and tail are masked once for each of the four alignments.
 */
export class PaddedTextFramer {
  constructor(pad, tail) {
    this.pad = Buffer.from(pad, 'latin1');
    this.tail = Buffer.from(tail, 'latin1');
    this.constant = Buffer.concat([this.pad, this.tail]);
    this.masked = [0, 1, 2, 3].map((offset) => {
      const out = Buffer.allocUnsafe(this.constant.length);
      for (let i = 0; i < out.length; i++) out[i] = this.constant[i] ^ MASK[(i + offset) & 3];
      return out;
    });
  }

  frame(head) {
    const headLength = head.length; // latin1 only: one byte per character
    const length = headLength + this.constant.length;
    const frame = Buffer.allocUnsafe(headerLength(length) + length);
    const start = writeHeader(frame, OP_TEXT, length);
    frame.latin1Write(head, start);
    for (let i = 0; i < headLength; i++) frame[start + i] ^= MASK[i & 3];
    this.masked[headLength & 3].copy(frame, start + headLength);
    return frame;
  }
}

export class LeanWebSocket {
  /** Opens a WebSocket; resolves once the server has answered 101. */
  static connect(url) {
    const { hostname, port, pathname, search } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
      const key = randomBytes(16).toString('base64');
      let head = Buffer.alloc(0);
      const onError = (error) => reject(error);
      socket.once('error', onError);
      socket.setTimeout(10_000, () => socket.destroy(new Error('no handshake answer within 10 s')));
      socket.once('connect', () => socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
      const onHandshake = (chunk) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onHandshake);
        socket.off('error', onError);
        socket.setTimeout(0);
        const status = head.toString('latin1', 0, end).split('\r\n')[0];
        if (!status.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(status));
          return;
        }
        const client = new LeanWebSocket(socket);
        resolve(client);
        // Bytes that came with the 101 (a welcome, say) wait until the caller has set its handlers.
        if (head.length > end + 4) setImmediate(() => client.onData(head.subarray(end + 4)));
      };
      socket.on('data', onHandshake);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.onmessage = null; // (payload: Buffer) => void; the Buffer is valid during the call only
    this.onclose = null;
    this.pending = null; // unparsed bytes from the previous read
    this.corked = false;
    this.closed = false;
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => {
      this.closed = true;
      if (this.onclose) this.onclose();
    });
  }

  /** Queues a frame; every frame queued in the same turn goes out in one write. */
  sendFrame(frame) {
    if (this.closed) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(frame);
  }

  sendText(text) {
    this.sendFrame(maskedFrame(Buffer.from(text, 'utf8')));
  }

  destroy() {
    this.closed = true;
    this.socket.destroy();
  }

  onData(chunk) {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    while (buffer.length - at >= 2) {
      const opcode = buffer[at] & 0x0f;
      let length = buffer[at + 1] & 0x7f;
      let start = at + 2;
      if (length === 126) {
        if (buffer.length - at < 4) break;
        length = buffer.readUInt16BE(at + 2);
        start = at + 4;
      } else if (length === 127) {
        if (buffer.length - at < 10) break;
        length = buffer.readUInt32BE(at + 6);
        start = at + 10;
      }
      if (buffer.length < start + length) break;
      const payload = buffer.subarray(start, start + length);
      at = start + length;
      if (opcode === OP_PING) this.sendFrame(maskedFrame(payload, OP_PONG));
      else if (opcode === OP_CLOSE) this.destroy();
      else if (opcode !== OP_PONG && this.onmessage) this.onmessage(payload);
    }
    if (at < buffer.length) this.pending = Buffer.from(buffer.subarray(at));
  }
}
