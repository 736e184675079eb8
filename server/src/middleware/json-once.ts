import type { Middleware } from 'koa';
import type { AppState } from '../context';

/**
 * Serializes a JSON answer once. Koa computes `ctx.length` of an object body by stringifying it, and
 * koa-compress reads that length to compare with its threshold, then Koa stringifies it again to send
 * it: twice per answer, the largest single cost of a 20-row inbox page. Mounted right inside compress.
 */
export function jsonOnce(): Middleware<AppState> {
  return async (ctx, next) => {
    await next();
    if (isJsonValue(ctx.body)) ctx.body = JSON.stringify(ctx.body); // the content type stays JSON
  };
}

/** A plain object or array body (not a Buffer, stream or string), which Koa would send as JSON. */
export function isJsonValue(body: unknown): body is object {
  if (body === null || typeof body !== 'object') return false;
  return Array.isArray(body) || Object.getPrototypeOf(body) === Object.prototype;
}
