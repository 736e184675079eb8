import { RateLimitedError } from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppContext, AppState } from '../context';

/**
 * Counts hits per key in fixed windows. The in-memory store below is right for one process
 * (development, tests); production counts in MongoDB (`MongoRateLimitStore`), shared by every
 * instance.
 */
export interface RateLimitStore {
  /** Records one hit and returns the count in the current window and when it resets (epoch ms). */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
  /** What is limited; defaults to the caller: user id when signed in, else IP. */
  key?: (ctx: AppContext) => string;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { ...window };
  }

  // Lazy clean-up instead of a timer, so the store never keeps a process (or jest) alive.
  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

export const callerKey = (ctx: AppContext): string =>
  ctx.state.user ? `u:${ctx.state.user.id}` : `ip:${ctx.ip}`;

/** Answers 429 RATE_LIMITED with Retry-After once `rule.limit` hits are used up in a window. */
export function rateLimit(name: string, rule: RateLimitRule, store: RateLimitStore): Middleware<AppState> {
  const keyOf = rule.key ?? callerKey;
  return async (ctx, next) => {
    const { count, resetAt } = await store.hit(`${name}:${keyOf(ctx)}`, rule.windowMs);
    if (count > rule.limit) {
      throw new RateLimitedError(Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)));
    }
    await next();
  };
}
