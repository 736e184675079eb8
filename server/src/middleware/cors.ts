import cors from '@koa/cors';
import type { Middleware } from 'koa';

/** CORS only for the configured H5 origins; other origins get no CORS headers at all. */
export function corsFor(allowedOrigins: readonly string[]): Middleware {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // The H5 client revalidates the reads it kept (If-None-Match → 304), so it must read ETag.
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'ETag', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}
