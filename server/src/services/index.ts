import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { ParticipantKey } from '../domain.ts';
import type { Db } from '../db/connection.ts';
import type { Broker } from '../realtime/broker.ts';
import type { Limiters } from '../realtime/rate-limit.ts';
import { repositories } from '../repos/index.ts';
import { authService } from './auth.ts';
import { catalogService } from './catalog.ts';
import { chatService, type Online } from './chats.ts';
import { directoryService } from './directory.ts';
import { carriersFor } from './follow-ups/carriers.ts';
import { followUpService } from './follow-ups/index.ts';
import { outboxSender } from './follow-ups/sender.ts';
import { messageService } from './messages.ts';
import { passwordHasher } from './passwords.ts';
import { pushService } from './push.ts';
import { quickReplyService } from './quick-replies.ts';
import { quotaService } from './quotas.ts';
import { uploadService } from './uploads.ts';

/** What services need of the running server: its log, and its public address once it listens. */
export interface Runtime {
  logger: Logger;
  publicUrl: () => string;
  /** Which of these participants have a socket open on the chat, on any node. */
  watching: (chatId: number, who: ParticipantKey[]) => Promise<ParticipantKey[]>;
}

/**
 * Wires repositories and services over one database and one broker; `online` says who has a
 * socket open, `limiters` count what is limited (on all the nodes of a deployment).
 */
export function createServices(
  db: Db,
  broker: Broker,
  online: Online,
  limiters: Limiters,
  config: Pick<
    Config,
    | 'jwtSecret'
    | 'accessTokenTtl'
    | 'refreshTokenTtl'
    | 'loginFailuresPerAccount'
    | 'passwordHashing'
    | 'uploadDir'
    | 'chatsPerDay'
    | 'uploadBytesPerDay'
    | 'guestsPerDayPerAddress'
    | 'guestChatsPerDayPerAddress'
    | 'guestChatsPerDayPerSalon'
    | 'guestUploadBytesPerDayPerAddress'
    | 'search'
    | 'followUps'
    | 'nodeId'
    | 'push'
  >,
  runtime: Runtime,
) {
  const repos = repositories(db);
  const passwords = passwordHasher(config.passwordHashing);
  const catalog = catalogService(repos.catalog, repos.people);
  const quotas = quotaService(repos.quotas, config.jwtSecret);
  const chatSvc = chatService({
    repos,
    online,
    broker,
    chatsPerDay: config.chatsPerDay,
    search: config.search,
    quotas,
    guestChatsPerDay: { perAddress: config.guestChatsPerDayPerAddress, perSalon: config.guestChatsPerDayPerSalon },
    initialMessage: (...args) => messageSvc.initialMessage(...args),
    onStaffMessage: (chatId, messageId) => followUps.staffWrote(chatId, messageId),
    onCustomerMessage: (chatId) => push.customerWrote(chatId),
  });
  const push = pushService({ repo: repos.push, watching: runtime.watching, logger: runtime.logger }, config.push);
  const followUpConfig = config.followUps;
  const carriers = carriersFor(followUpConfig);
  const sender = outboxSender(repos.outbox, carriers, { nodeId: config.nodeId, ...followUpConfig.outbox, pollMs: Math.min(5000, followUpConfig.outbox.retryBaseMs) }, runtime.logger);
  const auth = authService(repos.people, repos.tokens, repos.deployment, passwords, limiters, quotas, {
    secret: config.jwtSecret,
    accessTtl: config.accessTokenTtl,
    refreshTtl: config.refreshTokenTtl,
    loginFailures: config.loginFailuresPerAccount,
    guestsPerDayPerAddress: config.guestsPerDayPerAddress,
  });
  const followUps = followUpService(
    { repo: repos.followUps, outbox: repos.outbox, auth, online, sender, logger: runtime.logger },
    {
      after: followUpConfig.after,
      publicUrl: runtime.publicUrl,
      linkTtl: followUpConfig.linkTtl,
      channels: (['email', 'sms'] as const).filter((c) => carriers[c]),
      scanMs: Math.min(5000, Math.max(100, followUpConfig.after * 250)),
    },
  );
  const messageSvc = messageService({ repos, catalog, chatService: chatSvc, broker, followUps, push });
  return {
    db,
    broker,
    passwords,
    limiters,
    quotas,
    auth,
    followUps,
    push,
    directory: directoryService(repos.people, online),
    quickReplies: quickReplyService(repos.quickReplies, repos.people),
    catalog,
    chats: chatSvc,
    messages: messageSvc,
    uploads: uploadService(repos.uploads, quotas, config.uploadDir, { perAccount: config.uploadBytesPerDay, perGuestAddress: config.guestUploadBytesPerDayPerAddress }),
  };
}

export type Services = ReturnType<typeof createServices>;
