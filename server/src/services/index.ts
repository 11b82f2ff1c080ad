import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Broker } from '../realtime/broker.ts';
import { ConnectionRegistry } from '../realtime/registry.ts';
import { catalogRepo } from '../repos/catalog.ts';
import { chatsRepo } from '../repos/chats.ts';
import { messagesRepo } from '../repos/messages.ts';
import { peopleRepo } from '../repos/people.ts';
import { tokensRepo } from '../repos/tokens.ts';
import { uploadsRepo } from '../repos/uploads.ts';
import { authService } from './auth.ts';
import { catalogService } from './catalog.ts';
import { chatService } from './chats.ts';
import { directoryService } from './directory.ts';
import { messageService } from './messages.ts';
import { passwordHasher } from './passwords.ts';
import { uploadService } from './uploads.ts';

/** Wires repositories and services over one database and one broker. */
export function createServices(
  db: Db,
  broker: Broker,
  config: Pick<
    Config,
    'jwtSecret' | 'accessTokenTtl' | 'refreshTokenTtl' | 'loginFailuresPerAccount' | 'passwordHashing' | 'uploadDir' | 'chatsPerDay' | 'uploadBytesPerDay'
  >,
) {
  const people = peopleRepo(db);
  const chats = chatsRepo(db);
  const messages = messagesRepo(db);
  const uploads = uploadsRepo(db);
  const registry = new ConnectionRegistry();
  const passwords = passwordHasher(config.passwordHashing);
  const catalog = catalogService(catalogRepo(db), people);
  const chatSvc = chatService({ db, chats, people, registry, broker, chatsPerDay: config.chatsPerDay, initialMessage: (...args) => messageSvc.initialMessage(...args) });
  const messageSvc = messageService({ db, chats, messages, uploads, catalog, chatService: chatSvc, broker });
  return {
    db,
    broker,
    registry,
    passwords,
    auth: authService(people, tokensRepo(db), passwords, {
      secret: config.jwtSecret,
      accessTtl: config.accessTokenTtl,
      refreshTtl: config.refreshTokenTtl,
      loginFailures: config.loginFailuresPerAccount,
    }),
    directory: directoryService(people),
    catalog,
    chats: chatSvc,
    messages: messageSvc,
    uploads: uploadService(uploads, config.uploadDir, config.uploadBytesPerDay),
  };
}

export type Services = ReturnType<typeof createServices>;
