// The second send pattern's client: the `ws` package, as most Node applications and load tools connect. Unlike
// leanws.mjs, which corks every frame of one turn into one write, each send here is its own write to the socket, so a
// burst of messages reaches the server as a burst of small segments, the way the outside measurement of issue 16 saw
// it. Same interface as LeanWebSocket (onmessage with a Buffer, onclose, sendText, destroy); sendFrame takes text.
import WebSocket from 'ws';

export class PackageWebSocket {
  /** Opens a WebSocket; resolves once it is open. */
  static connect(url) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 10_000 });
      const client = new PackageWebSocket(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.handler = null;
    // ws emits a message that came with the 101 (a welcome, say) in the same tick as 'open', before the caller of
    // connect() can set onmessage: such messages wait here until it does.
    this.early = [];
    this.onclose = null;
    socket.on('message', (data) => (this.handler ? this.handler(data) : this.early.push(data)));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.onclose && this.onclose());
  }

  /** (payload: Buffer) => void */
  set onmessage(handler) {
    this.handler = handler;
    while (handler && this.early.length > 0) handler(this.early.shift());
  }

  get onmessage() {
    return this.handler;
  }

  sendFrame(text) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  sendText(text) {
    this.sendFrame(text);
  }

  destroy() {
    this.socket.terminate();
  }
}
