import { NotFoundError } from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppState } from '../context';
import type { Logger } from '../logger';
import { mapError } from './error-mapping';

/**
 * Registered first: everything thrown below becomes `status` + `{"error":{…}}`. Unexpected
 * errors are logged with the request id and their message never reaches the client. A request
 * no route answered becomes 404 NOT_FOUND in the same format.
 */
export function errorHandler(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) throw new NotFoundError();
    } catch (err) {
      const mapped = mapError(err);
      const log = ctx.state.log ?? logger;
      const fields = { err, code: mapped.body.error.code, method: ctx.method, path: ctx.path };
      if (mapped.logLevel === 'debug') log.debug(fields, 'request refused');
      else log[mapped.logLevel]({ ...fields, requestId: ctx.state.requestId }, 'request failed');
      ctx.status = mapped.status;
      for (const [name, value] of Object.entries(mapped.headers ?? {})) ctx.set(name, value);
      ctx.body = mapped.body;
    }
  };
}
