// The reference to beat: the plain relay most projects start from. Room = URL path; every frame a client sends
// is forwarded, as it came, to the other clients of its room. Usage: node node-relay.mjs PORT
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] || 8090);
const rooms = new Map();
const server = new WebSocketServer({ port, perMessageDeflate: false, maxPayload: 65536 });

server.on('connection', (socket, request) => {
  const name = request.url;
  let room = rooms.get(name);
  if (!room) {
    room = new Set();
    rooms.set(name, room);
  }
  room.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const other of room) {
      if (other !== socket && other.readyState === 1) other.send(data, { binary: isBinary });
    }
  });
  socket.on('close', () => {
    room.delete(socket);
    if (room.size === 0) rooms.delete(name);
  });
  socket.on('error', () => socket.terminate());
});

server.on('listening', () => console.log(`node relay listening on ${port}`));
