import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { AppState, FeatureDeps } from '../context';
import { idempotent } from '../idempotency/idempotency';
import { authenticate } from '../middleware/authenticate';
import { rateLimit } from '../middleware/rate-limit';
import { requireAuth } from '../middleware/require-auth';
import { validate } from '../middleware/validate';
import {
  fullPath,
  successStatus,
  type RouteDefinition,
  type RouteGroup,
  type RouteSpec,
} from './route-group';

function responseSchema(spec: RouteSpec, status: number): z.ZodType | undefined {
  const response = spec.responses[status as keyof RouteSpec['responses']];
  if (response instanceof z.ZodType) return response;
  return undefined;
}

function finish(route: RouteDefinition, checkResponses: boolean): Middleware<AppState> {
  const status = successStatus(route.spec);
  return async (ctx) => {
    const result = await route.handler(ctx as Parameters<RouteDefinition['handler']>[0]);
    if (result !== undefined) {
      ctx.status = status;
      ctx.body = result;
    } else if (status === 204 && ctx.body == null) {
      ctx.status = 204;
    }
    const schema = checkResponses ? responseSchema(route.spec, ctx.status) : undefined;
    if (schema) {
      // Outside production a handler that answers off-contract is a bug caught by the tests.
      const check = schema.safeParse(ctx.body);
      if (!check.success) {
        throw new Error(
          `response of ${route.spec.method.toUpperCase()} ${route.spec.path} does not match its schema: ${check.error.message}`,
        );
      }
    }
  };
}

/**
 * Builds the group's Router: authenticate → rate limit (per user when signed in, else per
 * IP) → require auth → validate → idempotency → feature middleware → handler.
 */
export function mountGroup(group: RouteGroup, deps: FeatureDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: group.prefix });
  const identify = authenticate(deps.services.auth);
  const replayable = idempotent(deps.logger);
  for (const route of group.routes) {
    const { spec } = route;
    const chain: Middleware<AppState>[] = [];
    // Public routes never look at the token: an expired one must not break a public read.
    if (spec.auth !== 'public') chain.push(identify);
    if (spec.rateLimit) chain.push(rateLimit(fullPath(group, spec), spec.rateLimit, deps.rateLimitStore));
    if (spec.auth === 'required') chain.push(requireAuth());
    if (spec.request) chain.push(validate(spec.request));
    if (spec.idempotent === true) chain.push(replayable);
    chain.push(...((spec.middleware ?? []) as Middleware<AppState>[]));
    chain.push(finish(route, !deps.config.isProduction));
    router.register(spec.path, [spec.method.toUpperCase()], chain);
  }
  return router;
}
