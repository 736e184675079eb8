import { groupCommit, type Outcome } from './group-commit';

/** A write that records each batch and answers only when told to. */
function heldWrite(
  answer: (item: string) => Outcome<string> = (item) => ({ ok: true, value: item.toUpperCase() }),
) {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const write = (batch: string[]) => {
    batches.push(batch);
    return new Promise<Outcome<string>[]>((resolve) => releases.push(() => resolve(batch.map(answer))));
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { write, batches, releaseAll };
}

describe('groupCommit', () => {
  it.each([
    ['one write alone, at once', 100, ['a'], [['a']]],
    [
      'what queues behind a write in flight goes as one batch',
      100,
      ['a', 'b', 'c', 'd'],
      [['a'], ['b', 'c', 'd']],
    ],
    ['never more than maxBatch at once', 2, ['a', 'b', 'c', 'd', 'e'], [['a'], ['b', 'c'], ['d', 'e']]],
  ])('%s', async (_name, maxBatch, items, expected) => {
    const held = heldWrite();
    const commit = groupCommit(held.write, maxBatch);
    const answers = items.map((item) => commit(item));
    expect(held.batches).toEqual([[items[0]]]); // the first did not wait for company
    await held.releaseAll();
    await expect(Promise.all(answers)).resolves.toEqual(items.map((i) => i.toUpperCase()));
    expect(held.batches).toEqual(expected);
  });

  it('an item refused on its own rejects only its caller', async () => {
    const held = heldWrite((item) =>
      item === 'bad' ? { ok: false, error: new Error('refused bad') } : { ok: true, value: item },
    );
    const commit = groupCommit(held.write);
    const answers = Promise.allSettled(['a', 'b', 'bad', 'c'].map((item) => commit(item)));
    await held.releaseAll();
    expect(
      (await answers).map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message)),
    ).toEqual(['a', 'b', 'refused bad', 'c']);
  });

  it('a write that throws rejects its whole batch, and the writes behind it still go', async () => {
    let calls = 0;
    const commit = groupCommit(async (batch: string[]) => {
      calls += 1;
      await new Promise((r) => setImmediate(r));
      if (calls === 2) throw new Error('connection lost');
      return batch.map((value) => ({ ok: true as const, value }));
    });
    const first = commit('a');
    const lost = [commit('b'), commit('c')];
    const settled = await Promise.allSettled([first, ...lost]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await expect(commit('d')).resolves.toBe('d');
  });
});
