import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the fake applies to the next requests, whatever their endpoint. */
export type WechatFault = { errcode: number; errmsg?: string } | { httpStatus: number } | { delayMs: number };

export interface FakeWechatOptions {
  appId?: string;
  secret?: string;
  /** Lifetime of an access token in seconds (WeChat: 7200). */
  tokenTtlSeconds?: number;
  /** Words msg_sec_check flags as risky. */
  riskyWords?: string[];
  now?: () => number;
}

export interface SentSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
}

type Json = Record<string, unknown>;

/**
 * A local stand-in for api.weixin.qq.com, faithful in what the client relies on:
 * one-time login codes, expiring access tokens, errcodes with HTTP 200, and fault
 * injection. Used by tests and by demo mode (no real WeChat needed).
 */
export class FakeWechatServer {
  readonly appId: string;
  readonly secret: string;
  /** Every request's path, in order, for assertions. */
  readonly requests: string[] = [];
  readonly sentMessages: SentSubscribeMessage[] = [];
  tokensIssued = 0;
  private readonly codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  private readonly tokens = new Map<string, number>();
  private readonly faults: { fault: WechatFault; path?: string }[] = [];
  private readonly riskyWords: string[];
  private readonly ttl: number;
  private readonly now: () => number;
  private stable?: string;
  private server?: Server;
  private codeSeq = 0;

  constructor(options: FakeWechatOptions = {}) {
    this.appId = options.appId ?? 'wx-fake-appid';
    this.secret = options.secret ?? 'fake-secret';
    this.ttl = options.tokenTtlSeconds ?? 7200;
    this.riskyWords = options.riskyWords ?? [];
    this.now = options.now ?? Date.now;
  }

  /** Starts listening on 127.0.0.1 on a free port; resolves to the API base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** What wx.login would hand the app for this user: a code valid once. */
  issueCode(user: { openid: string; unionid?: string }): string {
    const code = `code-${++this.codeSeq}-${randomBytes(4).toString('hex')}`;
    this.codes.set(code, { ...user, used: false });
    return code;
  }

  /** Makes every issued access token expired (the next use answers 42001). */
  expireAllTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** Applies `fault` to the next `n` requests (only to `path` when given, e.g. '/wxa/msg_sec_check'). */
  failNext(n: number, fault: WechatFault, options: { path?: string } = {}): void {
    for (let i = 0; i < n; i++) this.faults.push({ fault, path: options.path });
  }

  setRiskyWords(words: string[]): void {
    this.riskyWords.splice(0, this.riskyWords.length, ...words);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(url.pathname);
    const raw = await readBody(req);
    const index = this.faults.findIndex((f) => !f.path || f.path === url.pathname);
    const fault = index >= 0 ? this.faults.splice(index, 1)[0]!.fault : undefined;
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'httpStatus' in fault) {
      res.writeHead(fault.httpStatus).end();
      return;
    }
    if (fault && 'errcode' in fault) {
      send(res, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected fault' });
      return;
    }
    let body: Json;
    try {
      body = raw ? (JSON.parse(raw) as Json) : {};
    } catch {
      send(res, { errcode: 47001, errmsg: 'data format error' });
      return;
    }
    const q = Object.fromEntries(url.searchParams);
    send(res, this.route(url.pathname, q, body));
  }

  private route(path: string, q: Record<string, string>, body: Json): Json {
    switch (path) {
      case '/sns/jscode2session':
        return this.jscode2session(q);
      case '/cgi-bin/token':
        return this.issueToken(q.appid, q.secret, false);
      case '/cgi-bin/stable_token':
        return this.issueToken(String(body.appid), String(body.secret), body.force_refresh === true);
      case '/wxa/msg_sec_check':
        return this.checkToken(q.access_token) ?? this.msgSecCheck(body);
      case '/cgi-bin/message/subscribe/send':
        return this.checkToken(q.access_token) ?? this.subscribeSend(body);
      default:
        return { errcode: 404, errmsg: `unknown api ${path}` };
    }
  }

  private credentialsError(appid: unknown, secret: unknown): Json | undefined {
    if (appid !== this.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (secret !== this.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    return undefined;
  }

  private jscode2session(q: Record<string, string>): Json {
    const bad = this.credentialsError(q.appid, q.secret);
    if (bad) return bad;
    if (q.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const entry = this.codes.get(q.js_code ?? '');
    if (!entry) return { errcode: 40029, errmsg: 'invalid code' };
    if (entry.used) return { errcode: 40163, errmsg: 'code been used' };
    entry.used = true;
    const reply: Json = { openid: entry.openid, session_key: randomBytes(16).toString('base64') };
    if (entry.unionid) reply.unionid = entry.unionid;
    return reply;
  }

  private issueToken(appid: unknown, secret: unknown, force: boolean): Json {
    const bad = this.credentialsError(appid, secret);
    if (bad) return bad;
    // Like stable_token: the same token until a refresh is forced or fewer than 5 minutes
    // remain; the old token stays valid until its own expiry.
    const current = this.stable ? this.tokens.get(this.stable) : undefined;
    if (!force && this.stable && current !== undefined && current - this.now() > 300_000) {
      return { access_token: this.stable, expires_in: Math.floor((current - this.now()) / 1000) };
    }
    const token = `token-${randomBytes(8).toString('hex')}`;
    this.tokens.set(token, this.now() + this.ttl * 1000);
    this.stable = token;
    this.tokensIssued++;
    return { access_token: token, expires_in: this.ttl };
  }

  private checkToken(token: string | undefined): Json | undefined {
    const expiresAt = token ? this.tokens.get(token) : undefined;
    if (expiresAt === undefined)
      return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' };
    if (expiresAt <= this.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    return undefined;
  }

  private msgSecCheck(body: Json): Json {
    if (body.version !== 2 || typeof body.openid !== 'string' || typeof body.content !== 'string') {
      return { errcode: 47001, errmsg: 'data format error' };
    }
    const content = body.content;
    const hit = this.riskyWords.find((w) => content.includes(w));
    return {
      errcode: 0,
      errmsg: 'ok',
      result: hit ? { suggest: 'risky', label: 20001 } : { suggest: 'pass', label: 100 },
      detail: hit ? [{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20001, keyword: hit }] : [],
      trace_id: randomBytes(8).toString('hex'),
    };
  }

  private subscribeSend(body: Json): Json {
    if (typeof body.touser !== 'string' || typeof body.template_id !== 'string') {
      return { errcode: 47003, errmsg: 'argument invalid' };
    }
    this.sentMessages.push(body as unknown as SentSubscribeMessage);
    return { errcode: 0, errmsg: 'ok', msgid: this.sentMessages.length };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, body: Json): void {
  // WeChat answers errors with HTTP 200 and text/plain; the client must not rely on either.
  res.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify(body));
}
