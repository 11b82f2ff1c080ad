import { isPostgres, type Db } from '../db/connection.ts';
import { directTransaction } from '../db/statements.ts';
import { catalogRepo } from './catalog.ts';
import { chatsRepo } from './chats.ts';
import { deploymentRepo } from './deployment.ts';
import { followUpsRepo } from './follow-ups.ts';
import { messageBatch } from './message-batch.ts';
import { messagesRepo } from './messages.ts';
import { outboxRepo } from './outbox.ts';
import { peopleRepo } from './people.ts';
import { pushRepo } from './push.ts';
import { quickRepliesRepo } from './quick-replies.ts';
import { quotasRepo } from './quotas.ts';
import { tokensRepo } from './tokens.ts';
import { uploadsRepo } from './uploads.ts';

/** The repositories whose writes go together in a unit of work. */
const bind = (db: Db) => ({ chats: chatsRepo(db), messages: messagesRepo(db), people: peopleRepo(db) });

export type UnitOfWork = ReturnType<typeof bind>;

/** What storing a batch of messages writes: the messages in their places, and their chats' counts. */
export interface MessageWrites {
  messages: Pick<UnitOfWork['messages'], 'place'>;
  chats: Pick<UnitOfWork['chats'], 'recordMessages'>;
}

/** Every repository over one database, and units of work: their writes commit together or not at all. */
export function repositories(db: Db) {
  return {
    ...bind(db),
    catalog: catalogRepo(db),
    deployment: deploymentRepo(db),
    tokens: tokensRepo(db),
    quotas: quotasRepo(db),
    uploads: uploadsRepo(db),
    outbox: outboxRepo(db),
    followUps: followUpsRepo(db),
    push: pushRepo(db),
    quickReplies: quickRepliesRepo(db),
    /**
     * How many units of work may write at once: SQLite has one connection, PostgreSQL locks rows,
     * so batches on their own connections can overlap (a few, leaving the pool room for reads).
     */
    writers: isPostgres(db) ? 4 : 1,
    /** Runs `work` in one transaction, with the repositories it is given bound to it. */
    transaction: <T>(work: (tx: UnitOfWork) => Promise<T>): Promise<T> => db.transaction((trx) => work(bind(trx))),
    /**
     * PostgreSQL: writes a batch of messages and records it on its chats in one statement, or
     * answers null when the batch is for `writeMessages` (see message-batch.ts). SQLite: none.
     */
    writeMessagesAtOnce: isPostgres(db) ? messageBatch(db) : null,
    /** Runs the writes of a batch of messages in one transaction, straight on a connection (see statements.ts). */
    writeMessages: <T>(work: (tx: MessageWrites) => Promise<T>): Promise<T> =>
      directTransaction(db, (run) => work({ messages: messagesRepo(db, run), chats: chatsRepo(db, run) })),
  };
}

export type Repositories = ReturnType<typeof repositories>;
