// The page of the y-webrtc browser test: one Y.Doc, one WebrtcProvider that uses Hourglass's /yjs as its only
// signaling server. Bundled with esbuild (build-page.mjs); the test drives window.hourglassTest from WebDriver.
import * as Y from 'yjs';
import { WebrtcProvider } from 'y-webrtc';

window.hourglassTest = {
  start(signaling, room) {
    const doc = new Y.Doc();
    // No STUN or TURN server: two browsers of one machine connect over host candidates.
    const provider = new WebrtcProvider(room, doc, { signaling: [signaling], peerOpts: { config: { iceServers: [] } } });
    this.doc = doc;
    this.provider = provider;
  },
  insert(text) {
    const t = this.doc.getText('t');
    t.insert(t.length, text);
  },
  state() {
    const room = this.provider.room;
    const signaling = this.provider.signalingConns[0];
    return {
      text: this.doc.getText('t').toString(),
      signalingConnected: Boolean(signaling && signaling.connected),
      webrtcPeers: room ? [...room.webrtcConns.values()].filter((conn) => conn.connected).length : 0,
      broadcastPeers: room ? room.bcConns.size : 0,
    };
  },
};
