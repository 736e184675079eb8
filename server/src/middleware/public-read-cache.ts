import type { Middleware, Next, ParameterizedContext } from 'koa';
import type { AppState } from '../context';
import { isJsonValue, keepJsonBytes } from './json-once';

export interface PublicReadCacheOptions {
  /** How long an answer is reused; far below the `max-age=60` the public routes already promise. */
  ttlMs?: number;
  /** Oldest entries are dropped beyond this many URLs. */
  maxEntries?: number;
  /** In [0, 1): where in the second half of its life an entry is read again (injected by tests). */
  random?: () => number;
}

interface Entry {
  /** The answer's JSON as UTF-8, sent as is: no serializing or encoding per hit. */
  body: Buffer;
  headers: Record<string, string>;
  storedAt: number;
  /** From this moment one request reads the answer again while the others are still served this. */
  renewAt: number;
}

const REPLAYED = ['content-type', 'etag', 'cache-control', 'vary'] as const;

/**
 * A micro-cache for anonymous public reads (answers the route marked `Cache-Control: public`).
 * The day a disputed list goes up a whole village opens it at once: the same few URLs, read
 * hundreds of times a second, each a database query and a hash of the body (docs/performance.md).
 * Answers are reused for `ttlMs` per URL; a successful write through this process starts a new
 * generation, so its author never reads the old answer. Another instance's write shows after at
 * most `ttlMs` — the routes already allow proxies 60 s.
 */
export function publicReadCache(
  clock: () => Date,
  options: PublicReadCacheOptions = {},
): Middleware<AppState> {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const random = options.random ?? Math.random;
  const entries = new Map<string, Entry>();
  /** The URLs being read from the routes now, each with the read's end. */
  const reading = new Map<string, Promise<void>>();
  let generation = 0;

  const fresh = (entry: Entry | undefined, now: number): entry is Entry =>
    // A clock moved backwards counts as expired.
    !!entry && now >= entry.storedAt && now - entry.storedAt < ttlMs;

  const serve = (ctx: ParameterizedContext<AppState>, entry: Entry) => {
    ctx.status = 200;
    ctx.set(entry.headers);
    ctx.set('X-Cache', 'hit');
    if (ctx.fresh) ctx.status = 304;
    else ctx.body = entry.body;
  };

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      await next();
      if (ctx.status < 400) {
        generation++;
        entries.clear();
      }
      return;
    }
    if (ctx.get('authorization')) return next();
    const key = `${generation}|${ctx.url}`;
    const now = clock().getTime();
    const hit = entries.get(key);
    // NOTE: the whole village opens the list at once. While one request reads it from the routes,
    // the others are served the answer still fresh, or wait for that one read: never a query each.
    // Entries filled together would all expire together (the bench's 400 villages: 400 queries in
    // one instant, p99 ~230 ms), so each is read again at a random point of its second half, early.
    if (fresh(hit, now) && (now < hit.renewAt || reading.has(key))) return serve(ctx, hit);
    const pending = reading.get(key);
    if (pending) {
      await pending;
      const filled = entries.get(key);
      if (fresh(filled, clock().getTime())) return serve(ctx, filled);
    }
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    reading.set(key, mine);
    try {
      await readAndKeep(ctx, next, key, now);
    } finally {
      if (reading.get(key) === mine) reading.delete(key);
      done();
    }
  };

  async function readAndKeep(ctx: ParameterizedContext<AppState>, next: Next, key: string, now: number) {
    // A conditional miss still fetches the whole answer, so the next request finds it here; the
    // 304 is decided below, once the entry is stored.
    const conditional = ctx.get('if-none-match');
    if (conditional) delete ctx.request.headers['if-none-match'];
    await next();
    if (conditional) ctx.request.headers['if-none-match'] = conditional;
    const cacheControl = ctx.response.get('Cache-Control');
    if (ctx.status !== 200 || !/\bpublic\b/.test(cacheControl) || !isJsonValue(ctx.body)) return;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED) {
      const value = ctx.response.get(name);
      if (value) headers[name] = value;
    }
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    // The bytes the route's ETag was computed over, when it computed one.
    const body = keepJsonBytes(ctx.body);
    ctx.body = body;
    const renewAt = now + ttlMs * (0.5 + 0.5 * random());
    entries.set(key, { body, headers, storedAt: now, renewAt });
    if (conditional && ctx.fresh) ctx.status = 304;
  }
}
