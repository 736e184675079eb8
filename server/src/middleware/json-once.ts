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
    // The content type stays JSON.
    if (isJsonValue(ctx.body)) ctx.body = keptBytes.get(ctx.body) ?? JSON.stringify(ctx.body);
  };
}

const keptBytes = new WeakMap<object, Buffer>();

/**
 * Serializes `value` (once: a second call returns the same bytes) and keeps its UTF-8 bytes with it,
 * for an answer reused many times (a cached page) or hashed for its ETag: whenever it is the body,
 * the kept bytes are sent, neither stringified nor encoded again. The value must not change afterwards.
 */
export function keepJsonBytes(value: object): Buffer {
  let bytes = keptBytes.get(value);
  if (!bytes) keptBytes.set(value, (bytes = Buffer.from(JSON.stringify(value))));
  return bytes;
}

/** A plain object or array body (not a Buffer, stream or string), which Koa would send as JSON. */
export function isJsonValue(body: unknown): body is object {
  if (body === null || typeof body !== 'object') return false;
  return Array.isArray(body) || Object.getPrototypeOf(body) === Object.prototype;
}
