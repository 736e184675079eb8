import { ERROR_MESSAGES, ZApiError, type ApiErrorDetail, type ErrorCode } from '@sanwu/shared';

/** Codes the client adds for failures that never reached the API. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  ...ERROR_MESSAGES,
  UNAUTHENTICATED: '请先登录后再操作',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容，可能已被撤回',
  INTERNAL: '系统出了点问题，请稍后重试',
  NETWORK: '网络不通，请检查网络后重试',
};

/** A failed API call: the server's code and Chinese message, or a client-side one. */
export class ApiRequestError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** The sentence to show: the server's own when it gave one, else the code's default. */
  static fromResponse(status: number, body: unknown): ApiRequestError {
    const parsed = ZApiError.safeParse(body);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      return new ApiRequestError(code, message || messageFor(code), status, details ?? []);
    }
    const code: ErrorCode = status >= 500 ? 'INTERNAL' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    return new ApiRequestError(code, messageFor(code), status);
  }
}

/** The plain-Chinese sentence for a code. */
export function messageFor(code: ClientErrorCode): string {
  return CLIENT_MESSAGES[code];
}

/** Any thrown value as a sentence a villager can read. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const first = error.details[0];
    return error.code === 'VALIDATION_FAILED' && first ? first.message : error.message;
  }
  return messageFor('INTERNAL');
}
