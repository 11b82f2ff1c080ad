import type { Db } from '../db/connection.ts';
import { jsonTable } from '../db/json-table.ts';
import { postgresStatement } from '../db/statements.ts';
import { changedStates, recording, type ChatStateRow, type RecordedRow } from './chats.ts';
import { MESSAGE_COLUMNS, type Placed, type Unplaced } from './messages.ts';

/** A message to write, with the preview its chat shows when it is the newest of the batch there. */
export type PreviewedMessage = Unplaced & { preview: string };

/** A batch written: each message's id and place (null: its sender had used its client id), and the chats' states it changed. */
export interface BatchWritten {
  placed: (Placed | null)[];
  states: ChatStateRow[];
}

const UNIQUE_VIOLATION = '23505';

/**
 * The most messages a batch written in one statement holds. A larger batch (a busy moment) is
 * for the transaction: the next batch may begin as soon as that transaction holds its chats,
 * where it would wait for the whole statement, so several are written side by side.
 */
const ONE_STATEMENT_MAX = 16;

/**
 * PostgreSQL: a batch of messages placed, inserted and recorded on their chats (see
 * `messages.place` and `chats.recordMessages`) in one statement, committed by itself: one round
 * trip where a transaction of its parts takes four. The statement reads one snapshot, taken
 * before it waits for its chats' row locks; what it decides from that snapshot (which client ids
 * were used, who takes part in the chat) holds only when no batch wrote in these chats
 * meanwhile, which the locked rows tell (`message_count` moved on). When one did, the statement
 * writes nothing and answers null, as it does when a client id it did not see used turns up in
 * the insert (the same one sent at once to another chat): the batch is then for a transaction,
 * whose statements each see what was committed before them. So is a batch of more than
 * `ONE_STATEMENT_MAX` messages.
 */
export function messageBatch(db: Db) {
  const { seq: _seq, ...unplaced } = MESSAGE_COLUMNS;
  const names = Object.keys(unplaced);
  const statement = `WITH m AS ${jsonTable(db, { ord: 'integer', ...unplaced, preview: 'text' })},
      l AS MATERIALIZED (SELECT id, message_count, status, assignee_id, waiting_since, is_archived FROM chats WHERE id IN (SELECT chat_id FROM m) ORDER BY id FOR UPDATE),
      settled AS MATERIALIZED (SELECT NOT EXISTS (SELECT 1 FROM l JOIN chats AS seen ON seen.id = l.id WHERE seen.message_count <> l.message_count) AS ok),
      n AS (SELECT m.*, row_number() OVER (PARTITION BY m.sender_type, m.sender_id, m.client_message_id ORDER BY m.ord) AS nth FROM m),
      f AS MATERIALIZED (
        SELECT n.*, l.message_count + row_number() OVER (PARTITION BY n.chat_id ORDER BY n.ord) AS seq
        FROM n JOIN l ON l.id = n.chat_id
          LEFT JOIN messages AS x ON x.sender_type = n.sender_type AND x.sender_id = n.sender_id AND x.client_message_id = n.client_message_id
        WHERE (SELECT ok FROM settled) AND x.id IS NULL AND (n.client_message_id IS NULL OR n.nth = 1)
      ),
      w AS (
        INSERT INTO messages (${names.join(', ')}, seq, is_edited, is_deleted, updated_at)
        SELECT ${names.map((n) => `f.${n}`).join(', ')}, f.seq, false, false, f.created_at FROM f ORDER BY f.ord
        RETURNING id
      ),
      b AS (
        SELECT chat_id, count(*)::integer AS count, (array_agg(preview ORDER BY ord DESC))[1] AS preview,
          bool_or(sender_type = 'customer') AS revive, (count(*) FILTER (WHERE sender_type = 'customer'))::integer AS customers,
          (array_agg(sender_id ORDER BY ord) FILTER (WHERE sender_type = 'user'))[1] AS first_staff,
          (array_agg(sender_type ORDER BY ord DESC))[1] = 'customer' AS ends_customer
        FROM f GROUP BY chat_id
      ),
      s AS (SELECT chat_id, sender_type AS type, sender_id AS id, count(*)::integer AS count FROM f GROUP BY chat_id, sender_type, sender_id),
      ${recording('l')}
    SELECT (SELECT ok FROM settled) AS settled,
      (SELECT coalesce(json_agg(json_build_array(f.ord, f.seq) ORDER BY f.ord), '[]') FROM f) AS placed,
      (SELECT coalesce(json_agg(w.id ORDER BY w.id), '[]') FROM w) AS ids,
      (SELECT coalesce(json_agg(bumped), '[]') FROM bumped) AS chats`;

  /** The batch written and recorded, or null when it is for a transaction (see above). */
  return async (at: string, rows: PreviewedMessage[]): Promise<BatchWritten | null> => {
    if (rows.length > ONE_STATEMENT_MAX) return null;
    let answer: { settled: boolean; placed: [number, number][]; ids: number[]; chats: RecordedRow[] };
    try {
      [answer] = await postgresStatement<typeof answer>(db, statement, [JSON.stringify(rows.map((row, ord) => ({ ord, ...row }))), at, at, at, at, at], 'messages.batch');
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw err;
    }
    if (!answer!.settled) return null;
    const placed: (Placed | null)[] = rows.map(() => null);
    // The ids were handed out in the order of the rows inserted.
    answer!.placed.forEach(([ord, seq], k) => (placed[ord] = { id: answer!.ids[k]!, seq }));
    return { placed, states: changedStates(answer!.chats) };
  };
}

export type MessageBatch = ReturnType<typeof messageBatch>;
