import {
  ACTIONS,
  ForbiddenError,
  scopesFor,
  UnauthenticatedError,
  ZObjectId,
  type Action,
} from '@sanwu/shared';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { RequestMeta } from '../audit/audit.service';
import type { AppContext, AppState } from '../context';
import type { OrgDoc } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from './authorize';

// Load-then-guard building blocks shared by the identity routes: a route first loads what
// it acts on (`loadOrgParam`), then asks the one policy (`ensureCanOnOrg`). Services check the
// policy again; the route-level guard makes 404-before-403 the same for every route.

type Ctx = Pick<AppContext, 'state' | 'ip'>;

/** `:id` of whatever a route acts on (an org, an item, a request). */
export const ZIdParams = z.object({ id: ZObjectId });

/** Where a request came from, for the audit trail. */
export function requestMeta(ctx: Ctx): RequestMeta {
  return { requestId: ctx.state.requestId, ip: ctx.ip };
}

/** The signed-in caller; only on routes declared `auth: 'required'`. */
export function actorOf(ctx: Ctx): LoadedActor {
  if (!ctx.state.actor) throw new UnauthenticatedError();
  return ctx.state.actor;
}

/** The org loaded by {@link loadOrgParam}. */
export function orgOf(ctx: Ctx): OrgDoc {
  const org = (ctx.state as { org?: OrgDoc }).org;
  if (!org) throw new Error('loadOrgParam must run before orgOf');
  return org;
}

/** Loads the org named by a path param (validated as an ObjectId) or answers 404. */
export function loadOrgParam(param = 'id'): Middleware<AppState> {
  return async (ctx, next) => {
    const id = (ctx.state.params as Record<string, string> | undefined)?.[param] ?? '';
    (ctx.state as { org?: OrgDoc }).org = await loadOrg(id);
    await next();
  };
}

/** 403 unless the caller may take `action` on the loaded org's subtree. */
export function ensureCanOnOrg(action: Action): Middleware<AppState> {
  return async (ctx, next) => {
    ensureCan(actorOf(ctx), action, orgTarget(orgOf(ctx)));
    await next();
  };
}

/** 403 unless the caller may take `action` somewhere (lists filtered to their reach). */
export function ensureCanAnywhere(action: Action): Middleware<AppState> {
  return async (ctx, next) => {
    if (scopesFor(actorOf(ctx), action).length === 0)
      throw new ForbiddenError(`没有权限：${ACTIONS[action].label}`);
    await next();
  };
}
