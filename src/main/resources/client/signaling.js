// One WebSocket to /ws, reopened with jittered exponential backoff while the page wants it (after a restart, 1012, a
// shutdown, 1001, a heartbeat timeout, 4000, or a lost connection); server messages become events. The page restores
// its room and binding on each 'open'.
const FIRST_BACKOFF_MS = 500;
const LAST_BACKOFF_MS = 15000;
// A restarting or draining server sends its clients elsewhere a few at a time: the first retry waits up to this long,
// so that they do not all arrive at the other instances in the same instant.
const RESTART_SPREAD_MS = 3000;

export class Signaling extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.socket = null;
    this.peerId = null;
    this.wanted = false;
    this.backoffMs = FIRST_BACKOFF_MS;
  }

  start() {
    this.wanted = true;
    if (!this.socket) this.open();
  }

  open() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'welcome') {
        this.peerId = message.peerId;
        this.backoffMs = FIRST_BACKOFF_MS;
        this.dispatchEvent(new CustomEvent('open', { detail: message }));
      }
      this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
      this.dispatchEvent(new CustomEvent('message', { detail: message }));
    };
    socket.onclose = (event) => {
      this.socket = null;
      this.peerId = null;
      // 4002: closed for idling (no room, no binding); reopen only when the page needs the server again.
      if (event.code === 4002) this.wanted = false;
      this.dispatchEvent(new CustomEvent('close', { detail: { code: event.code } }));
      if (this.wanted) {
        // Equal jitter: between half and all of the backoff, so that clients dropped together spread out.
        const restart = event.code === 1012 || event.code === 1001;
        const delay = restart ? Math.random() * RESTART_SPREAD_MS : this.backoffMs * (0.5 + Math.random() / 2);
        setTimeout(() => this.wanted && !this.socket && this.open(), delay);
        this.backoffMs = Math.min(this.backoffMs * 2, LAST_BACKOFF_MS);
      }
    };
  }

  get connected() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN && this.peerId !== null;
  }

  send(message) {
    if (!this.connected) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }
}
