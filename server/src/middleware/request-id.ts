import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { AppState } from '../context';
import type { Logger } from '../logger';

// An incoming id is kept only when it is short and plain, so it cannot inject into logs.
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a sane `X-Request-Id` or makes one, echoes it, and gives the request a child logger. */
export function requestId(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const id = SANE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = logger.child({ requestId: id });
    ctx.set('X-Request-Id', id);
    await next();
  };
}
