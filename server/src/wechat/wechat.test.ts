import { FakeWechatServer, type WechatFault } from './fake-wechat-server';
import { WechatClient } from './wechat-client';
import {
  WechatApiError,
  WechatCodeError,
  WechatRateLimitedError,
  WechatRiskyUserError,
  WechatUnavailableError,
} from './wechat-errors';

let clock = Date.parse('2026-03-01T00:00:00Z');
const now = () => clock;
const fake = new FakeWechatServer({ riskyWords: ['赌博'], tokenTtlSeconds: 7200, now });
let client: WechatClient;

beforeAll(async () => {
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  client = new WechatClient({
    appId: fake.appId,
    secret: fake.secret,
    apiBase: fake.baseUrl,
    timeoutMs: 300,
    now,
  });
});

describe('code2Session', () => {
  it('exchanges a code for the openid and unionid', async () => {
    const code = fake.issueCode({ openid: 'o-1', unionid: 'u-1' });
    await expect(client.code2Session(code)).resolves.toMatchObject({ openid: 'o-1', unionid: 'u-1' });
  });

  it('leaves unionid out when WeChat does not send one', async () => {
    const session = await client.code2Session(fake.issueCode({ openid: 'o-2' }));
    expect(session.unionid).toBeUndefined();
  });

  it('refuses a code used twice as 40163 with status 401', async () => {
    const code = fake.issueCode({ openid: 'o-3' });
    await client.code2Session(code);
    const err = await client.code2Session(code).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatCodeError);
    expect(err).toMatchObject({ errcode: 40163, status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses an unknown code as 40029', async () => {
    await expect(client.code2Session('nonsense')).rejects.toMatchObject({ errcode: 40029, status: 401 });
  });

  it.each([
    ['a wrong appid', { appId: 'wx-other' }, 40013],
    ['a wrong secret', { secret: 'nope' }, 40125],
  ])('treats %s as WeChat being unavailable (our configuration fault)', async (_what, override, errcode) => {
    const bad = new WechatClient({
      appId: fake.appId,
      secret: fake.secret,
      apiBase: fake.baseUrl,
      ...override,
    });
    const err = await bad.code2Session(fake.issueCode({ openid: 'o-4' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatUnavailableError);
    expect(err).toMatchObject({ errcode, status: 503 });
  });

  it.each<[string, WechatFault, new (...a: never[]) => Error, number]>([
    ['rate limiting (45011)', { errcode: 45011 }, WechatRateLimitedError, 429],
    ['system busy (-1)', { errcode: -1 }, WechatUnavailableError, 503],
    ['a high-risk user (40226)', { errcode: 40226 }, WechatRiskyUserError, 401],
    ['an HTTP 502', { httpStatus: 502 }, WechatUnavailableError, 503],
    ['a timeout', { delayMs: 1000 }, WechatUnavailableError, 503],
  ])('maps %s to a typed error', async (_what, fault, Cls, status) => {
    fake.failNext(1, fault);
    const err = await client.code2Session(fake.issueCode({ openid: 'o-5' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cls);
    expect((err as { status: number }).status).toBe(status);
  });
});

describe('the access token', () => {
  it('is fetched once and reused while valid, also by concurrent callers', async () => {
    const before = fake.tokensIssued;
    const [a, b] = await Promise.all([client.getAccessToken(true), client.getAccessToken()]);
    expect(a).toBe(b);
    await expect(client.getAccessToken()).resolves.toBe(a);
    expect(fake.tokensIssued - before).toBe(1);
  });

  it('is refreshed shortly before it expires', async () => {
    const first = await client.getAccessToken(true);
    clock += (7200 - 60) * 1000; // within the 5-minute margin
    const second = await client.getAccessToken();
    expect(second).not.toBe(first);
  });

  it('is refreshed and the call retried when WeChat says it expired (42001)', async () => {
    await client.getAccessToken(true);
    fake.expireAllTokens();
    await expect(client.msgSecCheck('o-1', '你好')).resolves.toEqual({ suggest: 'pass', label: 100 });
    expect(fake.requests.slice(-3)).toEqual([
      '/wxa/msg_sec_check',
      '/cgi-bin/stable_token',
      '/wxa/msg_sec_check',
    ]);
  });

  it('is refreshed when WeChat says it is invalid (40001), retrying once only', async () => {
    await client.getAccessToken(true);
    fake.failNext(2, { errcode: 40001 }, { path: '/wxa/msg_sec_check' });
    await expect(client.msgSecCheck('o-1', '你好')).rejects.toBeInstanceOf(WechatApiError);
  });
});

describe('msgSecCheck', () => {
  it.each([
    ['村里的路什么时候修？', 'pass'],
    ['有人在村委会赌博', 'risky'],
  ])('checks %j as %s', async (content, suggest) => {
    await expect(client.msgSecCheck('o-1', content)).resolves.toMatchObject({ suggest });
  });
});

describe('sendSubscribeMessage', () => {
  it('sends the template data wrapped as WeChat expects, and the fake records it', async () => {
    await client.sendSubscribeMessage({
      toOpenid: 'o-1',
      templateId: 'tpl-reply',
      page: 'pages/feedback/index?id=1',
      data: { thing1: '您的意见已答复' },
    });
    expect(fake.sentMessages.at(-1)).toMatchObject({
      touser: 'o-1',
      template_id: 'tpl-reply',
      data: { thing1: { value: '您的意见已答复' } },
    });
  });

  it('surfaces a WeChat refusal as WechatApiError with the errcode', async () => {
    await client.getAccessToken(true);
    fake.failNext(1, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
    await expect(
      client.sendSubscribeMessage({ toOpenid: 'o-1', templateId: 't', data: {} }),
    ).rejects.toMatchObject({ errcode: 43101 });
  });
});
