/**
 * Group commit: what arrives while a batch is being written waits and goes into the next batch,
 * so a busy server writes many items per transaction while a lone item is written at once.
 * Batches are written one after another, in arrival order. A failed batch is written again item
 * by item, so that only the item at fault fails.
 */
export function groupCommit<T, R>(write: (batch: T[]) => Promise<R[]>, maxBatch = 256): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
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
      if (!writing) void drain();
    });
}
