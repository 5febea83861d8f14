// One WebSocket to /ws, reopened with backoff while the page wants it; server messages become events.
export class Signaling extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.socket = null;
    this.peerId = null;
    this.wanted = false;
    this.backoffMs = 500;
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
        this.backoffMs = 500;
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
        setTimeout(() => this.wanted && !this.socket && this.open(), this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, 15000);
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
