import { ERROR_MESSAGES, ERROR_STATUS, ErrorCode } from './codes';
import type { ApiError, ApiErrorDetail } from './api-error.schema';

/**
 * The root of the error tree. Throw a subclass; the server's error middleware turns it
 * into `status` + `{"error":{code,message,details}}`. `message` is shown to users (zh-CN).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGES[code],
    readonly details?: ApiErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The response body for this error. */
  toBody(): ApiError {
    const error: ApiError['error'] = { code: this.code, message: this.message };
    if (this.details?.length) error.details = this.details;
    return { error };
  }
}

/** Builds the subclass for one code, so status and default message live in `codes.ts` only. */
function forCode(code: ErrorCode) {
  return class extends AppError {
    constructor(message?: string, details?: ApiErrorDetail[]) {
      super(ERROR_STATUS[code], code, message ?? ERROR_MESSAGES[code], details);
    }
  };
}

/** 400: the input does not satisfy the schema or a business precondition on its values. */
export class ValidationError extends forCode(ErrorCode.VALIDATION_FAILED) {}
/** 401: no or invalid credentials. */
export class UnauthenticatedError extends forCode(ErrorCode.UNAUTHENTICATED) {}
/** 403: authenticated but not allowed. */
export class ForbiddenError extends forCode(ErrorCode.FORBIDDEN) {}
/** 404: no such resource (or not visible to the caller). */
export class NotFoundError extends forCode(ErrorCode.NOT_FOUND) {}
/** 409: would duplicate or contradict existing data. */
export class ConflictError extends forCode(ErrorCode.CONFLICT) {}
/** 409: the resource's state machine does not allow this move. */
export class InvalidStateError extends forCode(ErrorCode.INVALID_STATE) {}
/** 413: the request body or upload is too large. */
export class PayloadTooLargeError extends forCode(ErrorCode.PAYLOAD_TOO_LARGE) {}
/** 503: a dependency (the database) is unreachable. */
export class UnavailableError extends forCode(ErrorCode.UNAVAILABLE) {}

/** 429: too many requests; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends forCode(ErrorCode.RATE_LIMITED) {
  constructor(
    readonly retryAfterSeconds: number,
    message?: string,
  ) {
    super(message);
  }
}

/** True for any error of the tree (also across bundle copies, where `instanceof` can fail). */
export function isAppError(err: unknown): err is AppError {
  if (err instanceof AppError) return true;
  if (!(err instanceof Error)) return false;
  const e = err as Partial<AppError>;
  return typeof e.status === 'number' && typeof e.code === 'string' && e.code in ERROR_STATUS;
}
