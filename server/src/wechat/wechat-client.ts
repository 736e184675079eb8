import { WechatApiError, WechatUnavailableError, code2SessionError } from './wechat-errors';

/** How to reach WeChat: the mini-program's credentials and the API base (a fake in tests). */
export interface WechatConfig {
  appId: string;
  secret: string;
  /** e.g. https://api.weixin.qq.com — configurable so tests and demo point at a fake. */
  apiBase: string;
  /** Per request; WeChat normally answers in well under a second. */
  timeoutMs?: number;
  /** Refresh the access token this long before WeChat says it expires. */
  tokenRefreshMarginMs?: number;
  now?: () => number;
}

export interface WechatSession {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

export type SecSuggest = 'pass' | 'review' | 'risky';
export interface SecCheckResult {
  suggest: SecSuggest;
  label: number;
}

export interface SubscribeMessage {
  toOpenid: string;
  templateId: string;
  page?: string;
  /** Template fields: `{ thing1: '…', time2: '…' }`. */
  data: Record<string, string>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

/** errcodes meaning our access token is invalid or expired: refresh once and retry. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/**
 * The WeChat server APIs the system needs: sign-in (jscode2session), the access token,
 * content security checks and subscribe messages.
 */
export class WechatClient {
  private token?: { value: string; expiresAt: number };
  private inflight?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly config: WechatConfig) {
    this.now = config.now ?? Date.now;
  }

  /** Exchanges a wx.login code for the user's openid (and unionid when the app is bound). */
  async code2Session(code: string): Promise<WechatSession> {
    const url = this.url('/sns/jscode2session', {
      appid: this.config.appId,
      secret: this.config.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const reply = await this.call<WechatReply & { openid?: string; unionid?: string; session_key?: string }>(
      url,
    );
    if (reply.errcode) throw code2SessionError(reply.errcode, reply.errmsg ?? '');
    if (!reply.openid) throw new WechatUnavailableError('jscode2session returned no openid');
    return { openid: reply.openid, unionid: reply.unionid || undefined, sessionKey: reply.session_key ?? '' };
  }

  /**
   * A valid access token, fetched with stable_token and cached until shortly before it
   * expires. Concurrent callers share one request: WeChat limits token fetches per day.
   */
  async getAccessToken(forceRefresh = false): Promise<string> {
    const margin = this.config.tokenRefreshMarginMs ?? 5 * 60_000;
    if (!forceRefresh && this.token && this.now() < this.token.expiresAt - margin) return this.token.value;
    if (this.inflight) return this.inflight;
    this.inflight = this.fetchToken(forceRefresh).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** msg_sec_check v2: whether user-written text may be shown (scene 2 = comment). */
  async msgSecCheck(openid: string, content: string, scene: 1 | 2 | 3 | 4 = 2): Promise<SecCheckResult> {
    const reply = await this.withToken<WechatReply & { result?: { suggest?: SecSuggest; label?: number } }>(
      '/wxa/msg_sec_check',
      { openid, scene, version: 2, content },
    );
    return { suggest: reply.result?.suggest ?? 'pass', label: reply.result?.label ?? 100 };
  }

  /** Sends a subscribe message; the user must have accepted the template in the app. */
  async sendSubscribeMessage(msg: SubscribeMessage): Promise<void> {
    await this.withToken('/cgi-bin/message/subscribe/send', {
      touser: msg.toOpenid,
      template_id: msg.templateId,
      page: msg.page,
      miniprogram_state: msg.miniprogramState ?? 'formal',
      lang: 'zh_CN',
      data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
    });
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const reply = await this.call<WechatReply & { access_token?: string; expires_in?: number }>(
      this.url('/cgi-bin/stable_token', {}),
      {
        grant_type: 'client_credential',
        appid: this.config.appId,
        secret: this.config.secret,
        force_refresh: forceRefresh,
      },
    );
    if (reply.errcode || !reply.access_token) {
      throw new WechatUnavailableError(`stable_token ${reply.errcode} ${reply.errmsg}`, reply.errcode);
    }
    this.token = { value: reply.access_token, expiresAt: this.now() + (reply.expires_in ?? 7200) * 1000 };
    return reply.access_token;
  }

  /** POSTs with the access token; on a token errcode refreshes it once and retries. */
  private async withToken<T extends WechatReply>(path: string, body: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.getAccessToken(attempt > 0);
      const reply = await this.call<T>(this.url(path, { access_token: token }), body);
      if (!reply.errcode) return reply;
      if (TOKEN_ERRCODES.has(reply.errcode) && attempt === 0) {
        this.token = undefined;
        continue;
      }
      if (reply.errcode === -1) throw new WechatUnavailableError('system busy', -1);
      throw new WechatApiError(reply.errcode, reply.errmsg ?? '');
    }
  }

  private url(path: string, query: Record<string, string>): string {
    // Relative to the base so a base with a path prefix (a proxy) keeps it.
    const url = new URL(path.replace(/^\//, ''), this.config.apiBase.replace(/\/?$/, '/'));
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  private async call<T>(url: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 5000),
      });
    } catch (err) {
      // NOTE: the URL carries the secret or the token; never put it in the reason.
      throw new WechatUnavailableError(`request failed: ${(err as Error).name}`);
    }
    if (!res.ok) throw new WechatUnavailableError(`HTTP ${res.status}`);
    try {
      // WeChat sometimes labels JSON as text/plain, so parse the text ourselves.
      return JSON.parse(await res.text()) as T;
    } catch {
      throw new WechatUnavailableError('invalid JSON');
    }
  }
}
