import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Broker } from '../realtime/broker.ts';
import type { Limiters } from '../realtime/rate-limit.ts';
import { repositories } from '../repos/index.ts';
import { authService } from './auth.ts';
import { catalogService } from './catalog.ts';
import { chatService, type Online } from './chats.ts';
import { directoryService } from './directory.ts';
import { messageService } from './messages.ts';
import { passwordHasher } from './passwords.ts';
import { quotaService } from './quotas.ts';
import { uploadService } from './uploads.ts';

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
  >,
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
  });
  const messageSvc = messageService({ repos, catalog, chatService: chatSvc, broker });
  return {
    db,
    broker,
    passwords,
    limiters,
    quotas,
    auth: authService(repos.people, repos.tokens, repos.deployment, passwords, limiters, quotas, {
      secret: config.jwtSecret,
      accessTtl: config.accessTokenTtl,
      refreshTtl: config.refreshTokenTtl,
      loginFailures: config.loginFailuresPerAccount,
      guestsPerDayPerAddress: config.guestsPerDayPerAddress,
    }),
    directory: directoryService(repos.people),
    catalog,
    chats: chatSvc,
    messages: messageSvc,
    uploads: uploadService(repos.uploads, quotas, config.uploadDir, { perAccount: config.uploadBytesPerDay, perGuestAddress: config.guestUploadBytesPerDayPerAddress }),
  };
}

export type Services = ReturnType<typeof createServices>;
