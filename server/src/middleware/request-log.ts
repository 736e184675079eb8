import type { Middleware } from 'koa';
import type { AppState } from '../context';

/**
 * One log line per request once the response is finished (or the client went away), so the
 * status is the one actually sent, after the error handler ran.
 */
export function requestLog(): Middleware<AppState> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const done = (event: 'finish' | 'close') => {
      ctx.res.off('finish', onFinish);
      ctx.res.off('close', onClose);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.res.statusCode,
        ms: Math.round(ms * 10) / 10,
        ...(event === 'close' && !ctx.res.writableFinished ? { aborted: true } : {}),
      };
      const level = ctx.res.statusCode >= 500 ? 'warn' : 'info';
      ctx.state.log[level](line, 'request');
    };
    const onFinish = () => done('finish');
    const onClose = () => done('close');
    ctx.res.once('finish', onFinish);
    ctx.res.once('close', onClose);
    await next();
  };
}
