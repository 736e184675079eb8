import { ConflictError, contentHash, ValidationError } from '@sanwu/shared';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { AppState } from '../context';
import type { Logger } from '../logger';
import { isDuplicateKey } from '../db/duplicate-key';
import { IdempotentRequest } from './idempotent-request.model';

const ZIdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'Idempotency-Key 应为 1 到 128 个可见 ASCII 字符');

/** The request's `Idempotency-Key`, undefined without one; 400 VALIDATION_FAILED when malformed. */
export function idempotencyKeyOf(ctx: Pick<Context, 'get'>): string | undefined {
  const raw = ctx.get('Idempotency-Key');
  if (!raw) return undefined;
  const key = ZIdempotencyKey.safeParse(raw);
  if (key.success) return key.data;
  const message = key.error.issues[0]!.message;
  throw new ValidationError(message, [{ path: 'Idempotency-Key', message }]);
}

/**
 * `Idempotency-Key` for a signed-in write (API.md): the first request runs and its successful answer
 * is stored; a retry with the same key and body gets that answer again (header `Idempotent-Replayed`)
 * and changes nothing; the same key on another request is 409 CONFLICT, and so is a retry while the
 * first is still running. A failed first attempt stores nothing, so the retry runs afresh. Mounted
 * after validation, so a malformed body never takes a key.
 */
export function idempotent(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const key = idempotencyKeyOf(ctx);
    const userId = ctx.state.user?.id;
    if (!key || !userId) return next();
    const fingerprint = contentHash({ method: ctx.method, path: ctx.path, body: ctx.request.body ?? null });
    const mine = { userId, key };
    try {
      await IdempotentRequest.create({ ...mine, fingerprint, state: 'pending', storedAt: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await IdempotentRequest.findOne(mine).lean();
      if (first?.fingerprint !== fingerprint)
        throw new ConflictError('同一个 Idempotency-Key 已用于另一个请求');
      if (first.state !== 'done') throw new ConflictError('同一请求正在处理或处理中断，请刷新后查看结果');
      ctx.status = first.status!;
      ctx.body = first.body ? (JSON.parse(first.body) as unknown) : null;
      ctx.set('Idempotent-Replayed', 'true');
      return;
    }
    let succeeded = false;
    try {
      await next();
      succeeded = ctx.status >= 200 && ctx.status < 300;
    } finally {
      // NOTE: the write already happened when storing its answer fails; the request still succeeds
      // and a retry gets 409 (still pending) rather than running a second time.
      const settle = succeeded
        ? IdempotentRequest.updateOne(mine, {
            $set: {
              state: 'done',
              status: ctx.status,
              body: ctx.body == null ? null : JSON.stringify(ctx.body),
            },
          })
        : IdempotentRequest.deleteOne({ ...mine, state: 'pending' });
      await settle.catch((err: unknown) => logger.error({ err, key }, 'idempotency record not settled'));
    }
  };
}
