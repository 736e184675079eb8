import { z } from 'zod';

/**
 * Machine-readable error codes of the HTTP API (see API.md). Clients branch on these,
 * never on the Chinese message, which may be reworded.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  NOT_ACCEPTABLE: 'NOT_ACCEPTABLE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** zod enum of every {@link ErrorCode}, for parsing error bodies on the client. */
export const ZErrorCode = z.enum(ErrorCode);

/** The HTTP status that goes with each code. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  NOT_ACCEPTABLE: 406,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Default user-facing message per code (Simplified Chinese); specific errors may say more. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: '请求参数有误',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '资源不存在',
  CONFLICT: '数据已存在或与现有数据冲突',
  INVALID_STATE: '当前状态不允许此操作',
  NOT_ACCEPTABLE: '无法提供所请求的格式',
  PAYLOAD_TOO_LARGE: '请求内容过大',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL: '服务器内部错误',
};
