import {
  ERROR_MESSAGES,
  ERROR_STATUS,
  ErrorCode,
  isAppError,
  RateLimitedError,
  zodIssuesToDetails,
  type ApiError,
} from '@sanwu/shared';
import { ZodError } from 'zod';
import { isDuplicateKey } from '../db/duplicate-key';

export interface MappedError {
  status: number;
  body: ApiError;
  headers?: Record<string, string>;
  /** error: our bug (500); warn: an outage (503); debug: the client's mistake. */
  logLevel: 'error' | 'warn' | 'debug';
}

// Driver/mongoose failures that mean "the database is unreachable right now" → 503, not 500.
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);
const UNAVAILABLE_MESSAGES = [
  /buffering timed out/i,
  /before initial connection is complete/i,
  /client must be connected/i,
];

function isDatabaseUnavailable(err: Error): boolean {
  if (UNAVAILABLE_NAMES.has(err.name) || UNAVAILABLE_MESSAGES.some((re) => re.test(err.message))) return true;
  // A multi-document write (insertMany, bulkWrite) that lost its connection throws a
  // MongoBulkWriteError carrying the network error as its `errorResponse`, and no write error of
  // its own. Found by residents filing while the database went away: 7 of 103 answers were 500.
  const bulk = err as { errorResponse?: unknown; writeErrors?: unknown[] };
  return (
    bulk.errorResponse instanceof Error &&
    !bulk.writeErrors?.length &&
    isDatabaseUnavailable(bulk.errorResponse)
  );
}

// http-errors thrown by Koa, body-parser and friends carry `status` and `type`.
interface HttpLikeError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.UNAVAILABLE,
};

function levelFor(status: number): MappedError['logLevel'] {
  if (status === 503) return 'warn';
  return status >= 500 ? 'error' : 'debug';
}

function ofCode(code: ErrorCode, message = ERROR_MESSAGES[code]): MappedError {
  const status = ERROR_STATUS[code];
  return { status, body: { error: { code, message } }, logLevel: levelFor(status) };
}

/** The single translation from any thrown value to an API error response. Pure; tested directly. */
export function mapError(err: unknown): MappedError {
  if (isAppError(err)) {
    const body: ApiError = { error: { code: err.code, message: err.message } };
    if (err.details?.length) body.error.details = err.details;
    const mapped: MappedError = { status: err.status, body, logLevel: levelFor(err.status) };
    if (err instanceof RateLimitedError) mapped.headers = { 'Retry-After': String(err.retryAfterSeconds) };
    return mapped;
  }
  if (err instanceof ZodError) {
    const body: ApiError = {
      error: {
        code: ErrorCode.VALIDATION_FAILED,
        message: ERROR_MESSAGES.VALIDATION_FAILED,
        details: zodIssuesToDetails(err.issues),
      },
    };
    return { status: 400, body, logLevel: 'debug' };
  }
  if (isDuplicateKey(err)) return ofCode(ErrorCode.CONFLICT);
  if (!(err instanceof Error)) return ofCode(ErrorCode.INTERNAL);
  if (isDatabaseUnavailable(err)) return ofCode(ErrorCode.UNAVAILABLE);

  const http = err as HttpLikeError;
  const status = http.status ?? http.statusCode;
  if (http.type === 'entity.too.large' || status === 413) return ofCode(ErrorCode.PAYLOAD_TOO_LARGE);
  if (status === 400 && (err instanceof SyntaxError || http.type === 'entity.parse.failed')) {
    return ofCode(ErrorCode.VALIDATION_FAILED, '请求体不是合法的 JSON');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // NOTE: only the code's default Chinese text is sent; library messages are English internals.
    return ofCode(CODE_BY_STATUS[status] ?? ErrorCode.VALIDATION_FAILED);
  }
  return ofCode(ErrorCode.INTERNAL);
}
