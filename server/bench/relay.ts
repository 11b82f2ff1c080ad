/**
 * The baseline of the realtime bench: a bare `ws` relay of the guide's frames. It parses each
 * frame, keeps rooms, and sends every message to the sockets of its chat; no auth, no storage.
 * Prints its port, then runs until killed.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<number, Set<WebSocket>>();
let nextId = 1;
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
wss.on('connection', (socket) => {
  socket.send(JSON.stringify({ type: 'connected' }));
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; chat_id: number; content?: string; client_message_id?: string };
    if (frame.type === 'join_chat') {
      let room = rooms.get(frame.chat_id);
      if (!room) rooms.set(frame.chat_id, (room = new Set()));
      room.add(socket);
      socket.send(JSON.stringify({ type: 'joined_chat', chat_id: frame.chat_id }));
    } else if (frame.type === 'send_message') {
      const out = JSON.stringify({
        type: 'message',
        message: { id: nextId++, chat_id: frame.chat_id, content: frame.content, client_message_id: frame.client_message_id, created_at: new Date().toISOString() },
        client_message_id: frame.client_message_id,
      });
      for (const member of rooms.get(frame.chat_id) ?? []) member.send(out);
    }
  });
  socket.on('close', () => rooms.forEach((room) => room.delete(socket)));
});
wss.on('listening', () => console.log(JSON.stringify({ port: (wss.address() as { port: number }).port })));
