import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE, WS_PATHS, type ParticipantType } from '@salon-chat/protocol';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Actor } from '../domain.ts';
import { AppError } from '../errors.ts';
import type { AuthService } from '../services/auth.ts';
import { closeWithin } from './closing.ts';
import { clientAddress } from '../client-address.ts';

const SIDES: Record<string, ParticipantType> = { [WS_PATHS.user]: 'user', [WS_PATHS.customer]: 'customer' };
/** The hard ceiling: `ws` closes with 1009 above it. Frames between the soft limit and this get an `error`, undecoded. */
const MAX_PAYLOAD = 256 * 1024;

export interface UpgradeDeps {
  auth: AuthService;
  logger: Logger;
  /** How long a refused socket waits for the client's close frame. */
  closeTimeoutMs: number;
  /** Proxies in front whose `X-Forwarded-For` entries are believed: the client's address is the one they give. */
  trustProxy: number;
  /** Why the actor may not open one more socket, or null. */
  refusal(actor: Actor): string | null;
  /** `stream`: the TCP stream under the socket. */
  accept(socket: WebSocket, actor: Actor, stream: Duplex, address: string): void;
}

/** The WebSocket handshake on the two chat paths: the token in the URL must be of that side's account. */
export function createUpgrade({ auth, logger, closeTimeoutMs, trustProxy, refusal, accept }: UpgradeDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  async function authenticate(side: ParticipantType, token: string): Promise<{ actor: Actor } | { reason: string }> {
    try {
      const actor = await auth.authenticate(token);
      return actor.type === side ? { actor } : { reason: `a ${actor.type} token cannot open the ${side} endpoint` };
    } catch (err) {
      return { reason: err instanceof AppError ? err.message : 'authentication failed' };
    }
  }

  return {
    /** Takes over an HTTP upgrade on the two chat paths; false for any other path. */
    handle(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const side = SIDES[url.pathname.replace(/\/+$/, '')];
      if (!side) return false;
      authenticate(side, url.searchParams.get('token') ?? '')
        .then((result) =>
          wss.handleUpgrade(req, socket, head, (ws) => {
            if ('reason' in result) return closeWithin(ws, closeTimeoutMs, CLOSE.policyViolation, result.reason);
            // Counted as the socket opens, so that handshakes under way together cannot pass the limit.
            const refused = refusal(result.actor);
            if (refused) return closeWithin(ws, closeTimeoutMs, CLOSE.tryAgainLater, refused);
            accept(ws, result.actor, socket, clientAddress(req, trustProxy));
          }),
        )
        .catch((err) => {
          logger.error({ err }, 'upgrade failed');
          socket.destroy();
        });
      return true;
    },

    close(): void {
      wss.close();
    },
  };
}
