/** What one item of a batch came to: its value, or the error that refused that item alone. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Group commit: writes asked for while one is in flight go out together as the next batch, one
 * command for all of them (docs/performance.md, eighth pass). The first write of a quiet moment goes
 * at once and alone, so nothing waits for company; under load every round trip carries the writes
 * that queued behind it. `write` answers one outcome per item, in order; if it throws, every item
 * of that batch gets the error (none of them knows more than a single write would have told it).
 */
export function groupCommit<T, R>(
  write: (batch: T[]) => Promise<Outcome<R>[]>,
  maxBatch = 100,
): (item: T) => Promise<R> {
  const waiting: { item: T; resolve: (value: R) => void; reject: (err: unknown) => void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      let outcomes: Outcome<R>[];
      try {
        outcomes = await write(batch.map((w) => w.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      batch.forEach((w, i) => {
        const outcome = outcomes[i] ?? { ok: false, error: new Error('groupCommit: no outcome') };
        if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      });
    }
    // Nothing awaits between the last check and here, so no write can slip in unsent.
    writing = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
