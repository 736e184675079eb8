import type { Middleware } from 'koa';
import type { AppState } from '../context';
import { isJsonValue, keepJsonBytes } from './json-once';

export interface PublicReadCacheOptions {
  /** How long an answer is reused; far below the `max-age=60` the public routes already promise. */
  ttlMs?: number;
  /** Oldest entries are dropped beyond this many URLs. */
  maxEntries?: number;
}

interface Entry {
  /** The answer's JSON as UTF-8, sent as is: no serializing or encoding per hit. */
  body: Buffer;
  headers: Record<string, string>;
  storedAt: number;
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
  const entries = new Map<string, Entry>();
  let generation = 0;

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
    // NOTE: each entry has its own age (no common window, so 400 villages' lists do not all expire
    // in the same instant); a clock moved backwards counts as expired.
    if (hit && now >= hit.storedAt && now - hit.storedAt < ttlMs) {
      ctx.status = 200;
      ctx.set(hit.headers);
      ctx.set('X-Cache', 'hit');
      if (ctx.fresh) ctx.status = 304;
      else ctx.body = hit.body;
      return;
    }
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
    entries.set(key, { body, headers, storedAt: now });
    if (conditional && ctx.fresh) ctx.status = 304;
  };
}
