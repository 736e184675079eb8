import { UnauthenticatedError } from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppState } from '../context';

/**
 * Guard for routes declared `auth: 'required'`. Reading the bearer token and filling
 * `ctx.state.user` is the job of the auth middleware (issue #4/#5); this only refuses callers
 * it did not recognise.
 */
export function requireAuth(): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.user) throw new UnauthenticatedError();
    await next();
  };
}
