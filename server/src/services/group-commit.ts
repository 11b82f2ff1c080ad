export interface GroupCommitOptions {
  /** The most items in one batch. */
  maxBatch?: number;
  /** The most batches under way at once (each on its own connection). */
  inFlight?: number;
}

/**
 * Writes a batch. It calls `ordered()` once it holds what orders it after the batches before it
 * (the rows it locks): only then may the next batch begin, beside it.
 */
export type BatchWrite<T, R> = (batch: T[], ordered: () => void) => Promise<R[]>;

/**
 * Group commit: items are written in batches, in arrival order. A batch starts once the event
 * loop has read what was ready (so the frames of one turn go together) and takes what is
 * waiting, at most `maxBatch`; what arrives meanwhile goes into the next. The next batch begins
 * when the one before is ordered, as long as fewer than `inFlight` are under way, so a database
 * on the other side of a network writes one batch while the next takes its locks. A lone item
 * is written at the end of its turn. A failed batch is written again item by item, so that only
 * the item at fault fails.
 */
export function groupCommit<T, R>(write: BatchWrite<T, R>, { maxBatch = 1024, inFlight = 1 }: GroupCommitOptions = {}): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  let underWay = 0;
  /** A batch is about to begin, or has begun and is not yet ordered. */
  let opening = false;

  function next(): void {
    if (opening || underWay >= inFlight || waiting.length === 0) return;
    opening = true;
    setImmediate(begin);
  }

  async function begin(): Promise<void> {
    const batch = waiting.splice(0, maxBatch);
    underWay++;
    let isOrdered = false;
    const ordered = () => {
      if (isOrdered) return;
      isOrdered = true;
      opening = false;
      next();
    };
    try {
      const results = await write(
        batch.map((w) => w.item),
        ordered,
      );
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) batch[0]!.reject(err);
      else for (const w of batch) await write([w.item], () => {}).then(([result]) => w.resolve(result!), w.reject);
    } finally {
      underWay--;
      ordered();
      next();
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      next();
    });
}
