import { UnauthenticatedError } from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppState } from '../context';

/** Guard for routes declared `auth: 'required'`: refuses callers `authenticate` did not recognise. */
export function requireAuth(): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.user) throw new UnauthenticatedError();
    await next();
  };
}
