import { ForbiddenError, InvalidStateError, RateLimitedError } from '@sanwu/shared';
import { z } from 'zod';
import { mapError } from './error-mapping';

function named(name: string, message = 'x'): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

function httpError(status: number, props: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('library message in English'), { status, ...props });
}

describe('mapError', () => {
  it.each([
    ['an AppError', new ForbiddenError(), 403, 'FORBIDDEN'],
    ['an InvalidStateError', new InvalidStateError('草稿才能修改'), 409, 'INVALID_STATE'],
    ['a ZodError', z.string().safeParse(1).error, 400, 'VALIDATION_FAILED'],
    [
      'a duplicate key (mongo code 11000)',
      Object.assign(new Error('E11000 dup'), { code: 11000 }),
      409,
      'CONFLICT',
    ],
    [
      'a JSON syntax error from the body parser',
      Object.assign(new SyntaxError('Unexpected'), { status: 400 }),
      400,
      'VALIDATION_FAILED',
    ],
    ['an entity too large', httpError(413, { type: 'entity.too.large' }), 413, 'PAYLOAD_TOO_LARGE'],
    ['MongoNetworkError', named('MongoNetworkError'), 503, 'UNAVAILABLE'],
    ['MongoServerSelectionError', named('MongoServerSelectionError'), 503, 'UNAVAILABLE'],
    ['MongooseServerSelectionError', named('MongooseServerSelectionError'), 503, 'UNAVAILABLE'],
    [
      'a mongoose buffering timeout',
      named('MongooseError', 'Operation `x.find()` buffering timed out after 10000ms'),
      503,
      'UNAVAILABLE',
    ],
    [
      'a query before the first connection',
      named(
        'MongooseError',
        'Cannot call `x.find()` before initial connection is complete if `bufferCommands = false`',
      ),
      503,
      'UNAVAILABLE',
    ],
    [
      'a bulk write that lost its connection',
      Object.assign(named('MongoBulkWriteError', 'read ECONNRESET'), {
        errorResponse: named('MongoNetworkError'),
        writeErrors: [],
      }),
      503,
      'UNAVAILABLE',
    ],
    [
      'a bulk write refused by the server',
      Object.assign(named('MongoBulkWriteError', 'Document failed validation'), {
        errorResponse: named('MongoServerError'),
        writeErrors: [{ index: 0, code: 121 }],
      }),
      500,
      'INTERNAL',
    ],
    ['an http-errors 404', httpError(404), 404, 'NOT_FOUND'],
    ['an http-errors 418', httpError(418), 418 - 18, 'VALIDATION_FAILED'],
    ['a plain Error', new Error('boom'), 500, 'INTERNAL'],
    ['a thrown string', 'boom', 500, 'INTERNAL'],
    ['an http-errors 502', httpError(502), 500, 'INTERNAL'],
  ])('maps %s to %i %s', (_name, err, status, code) => {
    const mapped = mapError(err);
    expect([mapped.status, mapped.body.error.code]).toEqual([status, code]);
  });

  it('never sends the message of an unexpected error', () => {
    const mapped = mapError(new Error('connection string mongodb://admin:pw@db'));
    expect(mapped.body.error.message).toBe('服务器内部错误');
    expect(mapped.logLevel).toBe('error');
  });

  it('does not pass library English through for client errors', () => {
    expect(mapError(httpError(404)).body.error.message).toBe('资源不存在');
  });

  it('adds Retry-After for a RateLimitedError', () => {
    expect(mapError(new RateLimitedError(30)).headers).toEqual({ 'Retry-After': '30' });
  });

  it('turns zod issues into Chinese details', () => {
    const err = z.object({ a: z.object({ b: z.string() }) }).safeParse({ a: {} }).error;
    expect(mapError(err).body.error.details).toEqual([{ path: 'a.b', message: '此项为必填项' }]);
  });
});
