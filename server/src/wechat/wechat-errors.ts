import { RateLimitedError, UnauthenticatedError, UnavailableError } from '@sanwu/shared';

// WeChat answers HTTP 200 with `{errcode, errmsg}` on failure. These classes keep the
// errcode for logs while already carrying the status the route layer answers with
// (401 for a bad code, 429 when WeChat throttles us, 503 when WeChat is down).

/** The login code was invalid (40029) or already used (40163): the app must call wx.login again. */
export class WechatCodeError extends UnauthenticatedError {
  constructor(readonly errcode: number) {
    super(errcode === 40163 ? '登录凭证已使用，请重新进入小程序' : '登录凭证无效或已过期，请重新进入小程序');
  }
}

/** WeChat flagged the user as high-risk (40226) and refuses the sign-in. */
export class WechatRiskyUserError extends UnauthenticatedError {
  readonly errcode = 40226;
  constructor() {
    super('微信判定该账号存在风险，暂时无法登录');
  }
}

/** WeChat throttled the app (45011). */
export class WechatRateLimitedError extends RateLimitedError {
  readonly errcode = 45011;
  constructor(retryAfterSeconds = 60) {
    super(retryAfterSeconds, '微信登录过于频繁，请稍后再试');
  }
}

/**
 * WeChat is unreachable, busy (-1), answered garbage, or rejected our own credentials
 * (40013/40125: a configuration fault, not the user's) — the user can only retry later.
 */
export class WechatUnavailableError extends UnavailableError {
  constructor(
    readonly reason: string,
    readonly errcode?: number,
  ) {
    super('微信服务暂时不可用，请稍后再试');
  }
}

/** An errcode from an access-token API that no retry fixes (e.g. an invalid template id). */
export class WechatApiError extends UnavailableError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`微信接口调用失败（${errcode}）`);
  }
}

/** Turns a jscode2session errcode into the error the user sees. */
export function code2SessionError(errcode: number, errmsg: string): Error {
  switch (errcode) {
    case 40029:
    case 40163:
      return new WechatCodeError(errcode);
    case 40226:
      return new WechatRiskyUserError();
    case 45011:
      return new WechatRateLimitedError();
    case -1:
      return new WechatUnavailableError('system busy', errcode);
    default:
      return new WechatUnavailableError(`${errcode} ${errmsg}`, errcode);
  }
}
