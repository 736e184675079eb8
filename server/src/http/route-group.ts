import type { RouterContext } from '@koa/router';
import type { ErrorCode } from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { z } from 'zod';
import type { AppState } from '../context';
import type { RateLimitRule } from '../middleware/rate-limit';

// The route registry. A feature declares each operation once, as data (`RouteSpec`) plus a
// handler; `mountGroup` turns the same spec into validate()/auth/rate-limit middleware and
// `buildOpenApiDocument` turns it into the OpenAPI document, so the two cannot drift.
//
//   // server/src/feedback/feedback.routes.ts
//   export const feedbackRoutes: Feature = (deps) =>
//     new RouteGroup({ prefix: '/feedback', tag: '意见反馈' }).define(
//       {
//         method: 'get', path: '/:id', summary: '查看一条意见', auth: 'optional',
//         request: { params: z.object({ id: ZObjectId }) },
//         responses: { 200: ZFeedback }, errors: ['NOT_FOUND'],
//         middleware: [loadFeedback, ensureCanRead],
//       },
//       async (ctx) => toDto(ctx.state.feedback),   // ctx.state.params.id is a typed string
//     );
//   // server/src/routes.ts: export const features = [healthRoutes, feedbackRoutes];

export const API_PREFIX = '/api/v1';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A JSON body described by a zod schema; `null` for "no body" (204); or another media type. */
export type ResponseSpec =
  z.ZodType | null | { contentType: string; description?: string; schema?: z.ZodType };

/** Success responses only, keyed by status; errors are declared with `errors`. */
export type Responses = Partial<Record<200 | 201 | 202 | 204, ResponseSpec>>;

type Schema = z.ZodType | undefined;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
type JsonBody<T> = T extends z.ZodType ? z.input<T> : never;

export interface RouteSpec<B extends Schema = Schema, Q extends Schema = Schema, P extends Schema = Schema> {
  method: HttpMethod;
  /** Relative to the group prefix, Koa style: `/:id/replies`. */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to the group's tag. */
  tags?: string[];
  /**
   * `public`: no token needed. `optional`: works anonymously, shows more when signed in.
   * `required`: a signed-in caller, else 401. Role checks are middleware of the feature.
   */
  auth: 'public' | 'optional' | 'required';
  request?: { body?: B; query?: Q; params?: P };
  responses: Responses;
  /** Error codes this operation may answer besides the ones implied (400, 401, 429, 500). */
  errors?: ErrorCode[];
  rateLimit?: RateLimitRule;
  /**
   * Accepts `Idempotency-Key` (API.md: writes a phone may retry): `true` replays the first answer
   * (idempotency.ts); `'handler'` when the handler does it itself (POST /feedback finishes an item a
   * crash interrupted; an assisted filing issues a fresh confirm code). `true` is not for answers
   * holding secrets (tokens, confirm codes): they would be stored.
   */
  idempotent?: true | 'handler';
  /** Load-then-guard middleware run after validation, before the handler (`loadX`, `ensureY`). */
  middleware?: Middleware<RouteState<B, Q, P>>[];
}

/** `ctx.state` inside a route: the app state plus the parsed, typed input. */
export type RouteState<B extends Schema, Q extends Schema, P extends Schema> = AppState & {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
};

export type RouteContext<
  B extends Schema = Schema,
  Q extends Schema = Schema,
  P extends Schema = Schema,
> = RouterContext<RouteState<B, Q, P>>;

/**
 * Returns the JSON body (sent with the spec's success status and checked against its schema
 * outside production), or nothing when it set `ctx.body` itself (HTML, files, streams).
 */
export type RouteHandler<B extends Schema, Q extends Schema, P extends Schema, R extends Responses> = (
  ctx: RouteContext<B, Q, P>,
) => Promise<JsonBody<R[keyof R]> | void> | JsonBody<R[keyof R]> | void;

export interface RouteDefinition {
  spec: RouteSpec;
  handler: (ctx: RouteContext) => unknown;
}

export interface RouteGroupOptions {
  /** Feature prefix below the base, e.g. `/feedback`. */
  prefix: string;
  /** OpenAPI tag (Chinese is fine: it is shown to integrators). */
  tag: string;
  /** Defaults to `/api/v1`; `''` for root-level routes such as /healthz. */
  base?: string;
}

/** One feature's routes, declared as data; mounted as one `Router({ prefix })`. */
export class RouteGroup {
  readonly routes: RouteDefinition[] = [];

  constructor(readonly options: RouteGroupOptions) {}

  get prefix(): string {
    return (this.options.base ?? API_PREFIX) + this.options.prefix;
  }

  define<B extends Schema, Q extends Schema, P extends Schema, R extends Responses>(
    spec: RouteSpec<B, Q, P> & { responses: R },
    handler: RouteHandler<B, Q, P, R>,
  ): this {
    // NOTE: the casts drop the per-route generics; validate() establishes them at run time.
    this.routes.push({
      spec: spec as unknown as RouteSpec,
      handler: handler as unknown as RouteDefinition['handler'],
    });
    return this;
  }
}

/** The full Koa-style path of a route, e.g. `/api/v1/feedback/:id`. */
export function fullPath(group: RouteGroup, spec: Pick<RouteSpec, 'path'>): string {
  const joined = group.prefix + (spec.path === '/' ? '' : spec.path);
  return joined === '' ? '/' : joined;
}

/** The lowest declared success status (what the handler's return value is sent with). */
export function successStatus(spec: RouteSpec): number {
  const statuses = Object.keys(spec.responses)
    .map(Number)
    .sort((a, b) => a - b);
  return statuses[0] ?? 200;
}
