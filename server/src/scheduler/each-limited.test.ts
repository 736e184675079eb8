import { countEachLimited } from './each-limited';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('countEachLimited', () => {
  it.each([
    [[], 0],
    [[true], 1],
    [[true, false, true, true, false], 3],
  ])('counts the calls that returned true: %j -> %d', async (answers, count) => {
    await expect(countEachLimited(answers, 2, async (a) => a)).resolves.toBe(count);
  });

  it('acts on every item exactly once, never more than the limit at a time', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, i) => i);
    await countEachLimited(items, 8, async (i) => {
      most = Math.max(most, ++inFlight);
      await tick();
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(8);
  });

  it('after a failure starts no further item, waits for those in flight, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = countEachLimited([0, 1, 2, 3, 4, 5, 6, 7], 3, async (i) => {
      started.push(i);
      if (i === 1) throw new Error('connection lost');
      if (i === 2) throw new Error('second failure');
      await tick();
      finished.push(i);
    });
    await expect(run).rejects.toThrow('connection lost');
    // 0, 1 and 2 started together; 1 and 2 failed before any other could start; 0 was awaited.
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toEqual([0]);
  });
});
