import type { Middleware } from 'koa';
import type { AuthService } from '../auth/auth.service';
import type { AppState } from '../context';

/**
 * Reads `Authorization: Bearer <jwt>` and puts the caller on `ctx.state` (`user`, `actor`).
 * No header: anonymous, and `requireAuth` decides. A header that is malformed or expired
 * is a 401 even on optional routes, so the app knows to refresh instead of silently
 * seeing the public view.
 */
export function authenticate(auth: Pick<AuthService, 'authenticate'>): Middleware<AppState> {
  return async (ctx, next) => {
    const actor = await auth.authenticate(ctx.get('authorization') || undefined);
    if (actor) {
      ctx.state.actor = actor;
      ctx.state.user = { id: actor.userId };
    }
    await next();
  };
}
