import type { Middleware } from 'koa';
import { ZodError, type z } from 'zod';
import type { AppState } from '../context';

export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/**
 * Parses the request's body, query and path params with the given schemas. The parsed values
 * replace `ctx.request.body` and land on `ctx.state.body/query/params`; a failure throws the
 * ZodError (→ 400 VALIDATION_FAILED with Chinese details). It never writes the response.
 *
 * NOTE: Koa's `ctx.query` is a getter over the raw query string, so the parsed (coerced,
 * defaulted) query lives on `ctx.state.query`, never on `ctx.query`.
 */
export function validate(schemas: RequestSchemas): Middleware<AppState> {
  return async (ctx, next) => {
    const issues: z.core.$ZodIssue[] = [];
    // All three are checked before throwing so the client learns every problem at once.
    const parse = async (schema: z.ZodType | undefined, input: unknown) => {
      if (!schema) return undefined;
      const result = await schema.safeParseAsync(input);
      if (result.success) return result.data;
      issues.push(...result.error.issues);
      return undefined;
    };
    const params = await parse(schemas.params, (ctx as { params?: Record<string, string> }).params ?? {});
    const query = await parse(schemas.query, ctx.query);
    const body = await parse(schemas.body, ctx.request.body ?? {});
    if (issues.length) throw new ZodError(issues);
    if (schemas.params) ctx.state.params = params;
    if (schemas.query) ctx.state.query = query;
    if (schemas.body) {
      ctx.request.body = body;
      ctx.state.body = body;
    }
    await next();
  };
}
