import { z } from 'zod';
import {
  AppError,
  ConflictError,
  ERROR_MESSAGES,
  ERROR_STATUS,
  ErrorCode,
  ForbiddenError,
  InvalidStateError,
  isAppError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
  ZApiError,
  zodIssuesToDetails,
} from '..';

describe('the error tree', () => {
  it.each([
    [ValidationError, 400, 'VALIDATION_FAILED'],
    [UnauthenticatedError, 401, 'UNAUTHENTICATED'],
    [ForbiddenError, 403, 'FORBIDDEN'],
    [NotFoundError, 404, 'NOT_FOUND'],
    [ConflictError, 409, 'CONFLICT'],
    [InvalidStateError, 409, 'INVALID_STATE'],
    [PayloadTooLargeError, 413, 'PAYLOAD_TOO_LARGE'],
    [UnavailableError, 503, 'UNAVAILABLE'],
  ] as const)('%p carries status %i and code %s with a Chinese default message', (Cls, status, code) => {
    const err = new Cls();
    expect(err).toBeInstanceOf(AppError);
    expect(isAppError(err)).toBe(true);
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.message).toBe(ERROR_MESSAGES[code]);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    expect(ZApiError.parse(err.toBody())).toEqual({ error: { code, message: err.message } });
  });

  it('keeps a specific message and details in the body', () => {
    const err = new NotFoundError('公开事项不存在', [{ path: 'id', message: '编号格式不正确' }]);
    expect(err.toBody()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: '公开事项不存在',
        details: [{ path: 'id', message: '编号格式不正确' }],
      },
    });
    expect(err.name).toBe('NotFoundError');
  });

  it('gives RateLimitedError a retry-after', () => {
    const err = new RateLimitedError(7);
    expect([err.status, err.code, err.retryAfterSeconds]).toEqual([429, 'RATE_LIMITED', 7]);
  });

  it('maps every code to a status and a message', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_MESSAGES[code]).toBeTruthy();
    }
    expect(ERROR_STATUS.INTERNAL).toBe(500);
  });

  it('does not treat a plain Error as an AppError', () => {
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ status: 400, code: 'VALIDATION_FAILED' })).toBe(false);
  });
});

describe('Chinese validation messages', () => {
  const schema = z.object({
    name: z.string().min(1),
    title: z.string().max(3),
    age: z.number().int().min(18),
    kind: z.enum(['opinion', 'inquiry']),
    nested: z.object({ phone: z.string().regex(/^1\d{10}$/) }),
  });

  it.each([
    ['a missing field', { name: undefined }, 'name', '此项为必填项'],
    ['an empty string', { name: '' }, 'name', '不能为空'],
    ['a too-long string', { title: 'abcd' }, 'title', '长度不能超过 3 个字符'],
    ['a wrong type', { age: 'x' }, 'age', '应为数字'],
    ['a too-small number', { age: 3 }, 'age', '不能小于 18'],
    ['a value outside the enum', { kind: 'x' }, 'kind', '取值无效，可选值：opinion、inquiry'],
    ['a regex mismatch in a nested object', { nested: { phone: '1' } }, 'nested.phone', '格式不正确'],
  ])('explains %s in Chinese with a dotted path', (_case, patch, path, message) => {
    const valid = { name: 'a', title: 'abc', age: 20, kind: 'opinion', nested: { phone: '13800000000' } };
    const result = schema.safeParse({ ...valid, ...patch });
    expect(result.success).toBe(false);
    expect(zodIssuesToDetails(result.error!.issues)).toEqual([{ path, message }]);
  });

  it('falls back to zod zh-CN for rarer issues', () => {
    const result = z.email().safeParse('nope');
    expect(result.error!.issues[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
