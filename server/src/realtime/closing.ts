import type { WebSocket } from 'ws';

/**
 * Starts a socket's close handshake, and drops the connection if the client has not answered
 * with its close frame within `ms` (`ws` alone would hold it for 30 s). A socket already closing
 * keeps its first deadline (a flood goes on arriving while it closes).
 */
export function closeWithin(socket: WebSocket, ms: number, code: number, reason: string): void {
  if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return;
  socket.close(code, reason);
  const deadline = setTimeout(() => socket.terminate(), ms);
  deadline.unref();
  socket.once('close', () => clearTimeout(deadline));
}
