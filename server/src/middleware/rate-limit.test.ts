import type { AppContext } from '../context';
import { startTestDatabase } from '../test/harness';
import { MongoRateLimitStore, RateWindow } from './mongo-rate-limit-store';
import { callerKey, MemoryRateLimitStore } from './rate-limit';

// The MongoDB store's windows live in a devdb for this file.
let stop: () => Promise<void>;
beforeAll(async () => {
  const { db, devdb } = await startTestDatabase();
  stop = async () => {
    await db.close();
    await devdb.stop();
  };
});
afterAll(() => stop());
beforeEach(() => RateWindow.deleteMany({}));

describe.each([
  ['MemoryRateLimitStore (one process)', (now: () => number) => new MemoryRateLimitStore(now)],
  ['MongoRateLimitStore (every instance)', (now: () => number) => new MongoRateLimitStore(now)],
])('%s', (_name, makeStore) => {
  it('counts hits per key in fixed windows and starts over when a window ends', async () => {
    let now = 1_000;
    const store = makeStore(() => now);
    expect(await store.hit('a', 100)).toEqual({ count: 1, resetAt: 1_100 });
    expect(await store.hit('a', 100)).toEqual({ count: 2, resetAt: 1_100 });
    expect(await store.hit('b', 100)).toEqual({ count: 1, resetAt: 1_100 });
    now = 1_100;
    expect(await store.hit('a', 100)).toEqual({ count: 1, resetAt: 1_200 });
  });
});

describe('MongoRateLimitStore across instances', () => {
  it('shares one count between instances, also when they hit at the same moment', async () => {
    const [a, b] = [new MongoRateLimitStore(() => 5_000), new MongoRateLimitStore(() => 5_050)];
    const counts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).hit('login:ip:1.2.3.4', 60_000)),
    );
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await RateWindow.countDocuments({})).toBe(1);
    // The window document expires with its window (TTL index on resetAt).
    expect(RateWindow.schema.indexes()).toContainEqual([{ resetAt: 1 }, { expireAfterSeconds: 0 }]);
  });
});

describe('callerKey', () => {
  it.each([
    ['a signed-in user by id', { state: { user: { id: 'u1' } }, ip: '1.2.3.4' }, 'u:u1'],
    ['an anonymous caller by IP', { state: {}, ip: '1.2.3.4' }, 'ip:1.2.3.4'],
  ])('keys %s', (_case, ctx, key) => {
    expect(callerKey(ctx as unknown as AppContext)).toBe(key);
  });
});
