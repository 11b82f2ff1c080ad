/**
 * Group commit: items are written in batches, one batch at a time in arrival order. A batch
 * starts once the event loop has read what was ready (so the frames of one turn go together)
 * and takes what is waiting, at most `maxBatch`; what arrives meanwhile goes into the next. A
 * lone item is written at the end of its turn. A failed batch is written again item by item, so
 * that only the item at fault fails.
 */
export function groupCommit<T, R>(write: (batch: T[]) => Promise<R[]>, maxBatch = 1024): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      try {
        const results = await write(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        else for (const w of batch) await write([w.item]).then(([result]) => w.resolve(result!), w.reject);
      }
    }
    writing = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) {
        writing = true;
        setImmediate(drain);
      }
    });
}
