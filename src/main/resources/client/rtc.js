// A WebRTC link to one peer. The side that starts (the newcomer in a room, the one who pressed Connect) opens
// the chat DataChannel, which makes it offer; the other side answers and receives the channel. Negotiation
// follows "perfect negotiation" (W3C WebRTC 1.0, section 10.7), so that when both sides do start at once, or
// renegotiate for an ICE restart, the impolite peer's offer wins and nothing collides.
export class PeerLink extends EventTarget {
  static RESTART_AFTER_MS = 8000;

  constructor({ polite, initiator, iceServers, sendSignal }) {
    super();
    this.polite = polite;
    this.sendSignal = sendSignal;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.channels = [];
    this.pc = new RTCPeerConnection({ iceServers });

    this.pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await this.pc.setLocalDescription();
        this.sendSignal({ description: this.pc.localDescription.toJSON() });
      } catch (error) {
        this.fail(error);
      } finally {
        this.makingOffer = false;
      }
    };
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.sendSignal({ candidate: candidate.toJSON() });
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed') this.pc.restartIce();
      this.emitState();
    };
    // Both sides may have opened a channel if both started at once: keep every channel, send on an open one.
    this.pc.ondatachannel = ({ channel }) => this.attach(channel);
    if (initiator) this.attach(this.pc.createDataChannel('chat'));

    // A link that has not opened in time (a lost offer, a peer that reloaded mid-way) restarts ICE, which
    // starts a fresh offer/answer through onnegotiationneeded.
    this.watchdog = setInterval(() => {
      if (this.state === 'open' || this.pc.connectionState === 'closed') return;
      if (this.pc.signalingState === 'stable') this.pc.restartIce();
    }, PeerLink.RESTART_AFTER_MS);
  }

  attach(channel) {
    this.channels.push(channel);
    channel.onopen = () => this.emitState();
    channel.onclose = () => this.emitState();
    channel.onmessage = (event) => this.dispatchEvent(new CustomEvent('chat', { detail: String(event.data) }));
  }

  get openChannel() {
    return this.channels.find((channel) => channel.readyState === 'open');
  }

  get state() {
    return this.openChannel ? 'open' : this.pc.connectionState;
  }

  emitState() {
    this.dispatchEvent(new CustomEvent('state', { detail: this.state }));
  }

  fail(error) {
    this.dispatchEvent(new CustomEvent('failure', { detail: String(error && error.message ? error.message : error) }));
  }

  async handleSignal({ description, candidate }) {
    try {
      if (description) {
        const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
        this.ignoreOffer = !this.polite && collision;
        if (this.ignoreOffer) return;
        await this.pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.sendSignal({ description: this.pc.localDescription.toJSON() });
        }
      } else if (candidate) {
        try {
          await this.pc.addIceCandidate(candidate);
        } catch (error) {
          if (!this.ignoreOffer) throw error;
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  send(text) {
    const channel = this.openChannel;
    if (!channel) return false;
    channel.send(text);
    return true;
  }

  close() {
    clearInterval(this.watchdog);
    this.channels.forEach((channel) => channel.close());
    this.pc.close();
    this.emitState();
  }
}
