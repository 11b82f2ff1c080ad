import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AuthService } from '../services/auth.ts';
import type { ChatService } from '../services/chats.ts';
import type { MessageService } from '../services/messages.ts';
import type { Broker } from './broker.ts';
import { createCommands } from './commands.ts';
import { createFanout } from './fanout.ts';
import type { AccountBudgets } from './account-budgets.ts';
import type { OnlineView } from './online.ts';
import { createPresence } from './presence.ts';
import type { ConnectionRegistry } from './registry.ts';
import { createSockets, type SocketLimits } from './sockets.ts';
import { createUpgrade } from './upgrade.ts';

export type { SocketLimits } from './sockets.ts';

export interface GatewayDeps {
  auth: AuthService;
  chatService: ChatService;
  messageService: MessageService;
  registry: ConnectionRegistry;
  broker: Broker;
  online: OnlineView;
  logger: Logger;
  heartbeatMs: number;
  /** How long a socket being closed waits for the client's close frame before it is dropped. */
  closeTimeoutMs: number;
  trustProxy: number;
  limits: SocketLimits;
  budgets: AccountBudgets;
}

/**
 * The WebSocket side of the guide, in five parts: the handshake (`upgrade`), the sockets (their
 * queues, limits and heartbeat), the fan-out to this node's sockets, the commands their frames
 * run, and presence.
 */
export function createGateway({ auth, chatService, messageService, registry, broker, online, logger, heartbeatMs, closeTimeoutMs, trustProxy, limits, budgets }: GatewayDeps) {
  const fanout = createFanout(registry, logger);
  const presence = createPresence(chatService, registry, online, broker, fanout.deliver);
  const commands = createCommands({ chatService, messageService, registry, broker });
  const sockets = createSockets({ registry, broker, fanout, online, commands, presence, logger, heartbeatMs, closeTimeoutMs, limits, budgets });
  const upgrade = createUpgrade({ auth, logger, closeTimeoutMs, trustProxy, refusal: sockets.refusal, accept: sockets.accept });

  return {
    /** Takes over an HTTP upgrade on the two chat paths; false for any other path. */
    handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => upgrade.handle(req, socket, head),
    disconnect: sockets.disconnect,
    async close(): Promise<void> {
      await sockets.close();
      upgrade.close();
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
