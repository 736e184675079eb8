import type { AppContext } from '../context';
import { callerKey, MemoryRateLimitStore } from './rate-limit';

describe('MemoryRateLimitStore', () => {
  it('counts hits per key in fixed windows and starts over when a window ends', async () => {
    let now = 1_000;
    const store = new MemoryRateLimitStore(() => now);
    expect(await store.hit('a', 100)).toEqual({ count: 1, resetAt: 1_100 });
    expect(await store.hit('a', 100)).toEqual({ count: 2, resetAt: 1_100 });
    expect(await store.hit('b', 100)).toEqual({ count: 1, resetAt: 1_100 });
    now = 1_100;
    expect(await store.hit('a', 100)).toEqual({ count: 1, resetAt: 1_200 });
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
