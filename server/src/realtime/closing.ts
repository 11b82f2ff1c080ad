import type { WebSocket } from 'ws';

/**
 * Starts a socket's close handshake, and drops the connection if the client has not answered
 * with its close frame within `ms` (`ws` alone would hold it for 30 s).
 */
export function closeWithin(socket: WebSocket, ms: number, code: number, reason: string): void {
  socket.close(code, reason);
  const deadline = setTimeout(() => socket.terminate(), ms);
  deadline.unref();
  socket.once('close', () => clearTimeout(deadline));
}
