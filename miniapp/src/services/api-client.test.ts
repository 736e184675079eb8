import { ZSubmitFeedback } from '@sanwu/shared';
import { mockApi } from '../../test/api-mock';
import { freshInstall } from '../../test/reset';
import { request } from '../../test/taro-shim';
import { apiRequest, newIdempotencyKey } from './api-client';
import { ApiRequestError, describeError } from './api-error';
import { feedbackApi } from './api';
import { saveTokens, sessionStore } from './session';

const ORG = '6b042b3713b033cea568ec65';

beforeEach(freshInstall);

describe('the API client', () => {
  it('refuses an invalid body with the shared schema before anything is sent', async () => {
    mockApi({});
    const error = await apiRequest('POST', '/feedback', {
      body: { orgId: ORG, type: 'inquiry', content: '   ' },
      schema: ZSubmitFeedback,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请填写内容' });
    expect(request).not.toHaveBeenCalled();
  });

  it('sends the bearer token and the idempotency key of a feedback submission', async () => {
    saveTokens({ accessToken: 'a1', refreshToken: 'r1' });
    const calls = mockApi({ 'POST /feedback': { status: 201, body: { id: 'f1' } } });
    await feedbackApi.submit(
      {
        orgId: ORG,
        type: 'inquiry',
        content: '账目为何少了一笔？',
        images: [],
        showNamePublicly: false,
        public: true,
      },
      'key-1',
    );
    expect(calls[0]?.header).toMatchObject({ authorization: 'Bearer a1', 'idempotency-key': 'key-1' });
    expect(calls[0]?.url).toBe('/api/v1/feedback');
  });

  describe('keys the writes a user may retry', () => {
    const reply = (status = 200) => ({ status, body: { id: 'r1' } });
    const replyOnce = () => feedbackApi.reply('f1', '已安排维修', true);

    it('reuses the key when the same write is retried after no answer came', async () => {
      saveTokens({ accessToken: 'a1', refreshToken: 'r1' });
      let fail = true;
      const calls = mockApi({
        'POST /feedback/f1/replies': () => {
          if (fail) throw new Error('timeout');
          return reply();
        },
      });
      await expect(replyOnce()).rejects.toMatchObject({ code: 'NETWORK' });
      fail = false;
      await replyOnce();
      await replyOnce();
      const keys = calls.map((c) => c.header['idempotency-key']);
      expect(keys[0]).toEqual(expect.any(String));
      expect(keys[1]).toBe(keys[0]); // the retry: the server runs it once
      expect(keys[2]).not.toBe(keys[0]); // answered before: a new write
    });

    it.each([
      ['an error answer', 409],
      ['a success', 200],
    ])('starts a new key after %s', async (_name, status) => {
      saveTokens({ accessToken: 'a1', refreshToken: 'r1' });
      const calls = mockApi({ 'POST /feedback/f1/replies': reply(status) });
      await replyOnce().catch(() => undefined);
      await replyOnce().catch(() => undefined);
      expect(calls[0]?.header['idempotency-key']).not.toBe(calls[1]?.header['idempotency-key']);
    });

    it('sends none on reads and on signed-out writes (sign-in)', async () => {
      const calls = mockApi({ 'GET /orgs': { body: [] }, 'POST /auth/demo': { status: 400, body: {} } });
      await apiRequest('GET', '/orgs', { auth: false });
      await apiRequest('POST', '/auth/demo', { body: { userId: 'u' }, auth: false }).catch(() => undefined);
      expect(calls.map((c) => c.header['idempotency-key'])).toEqual([undefined, undefined]);
    });
  });

  describe('revalidates the reads it kept', () => {
    const inbox = `/orgs/${ORG}/feedback`;
    const server = (pages: Record<string, unknown>) =>
      mockApi({
        [`GET ${inbox}`]: (call) => {
          const current = Object.keys(pages).at(-1)!;
          return call.header['if-none-match'] === current
            ? { status: 304, body: '' }
            : { body: pages[current], header: { ETag: current } };
        },
      });

    it('sends If-None-Match and answers a 304 from the kept page; a new page replaces it', async () => {
      saveTokens({ accessToken: 'a1', refreshToken: 'r1' });
      const pages: Record<string, unknown> = { 'W/"1"': { total: 1 } };
      const calls = server(pages);
      await expect(apiRequest('GET', inbox)).resolves.toEqual({ total: 1 });
      await expect(apiRequest('GET', inbox)).resolves.toEqual({ total: 1 });
      pages['W/"2"'] = { total: 2 };
      await expect(apiRequest('GET', inbox)).resolves.toEqual({ total: 2 });
      await expect(apiRequest('GET', inbox)).resolves.toEqual({ total: 2 });
      expect(calls.map((c) => c.header['if-none-match'])).toEqual([undefined, 'W/"1"', 'W/"1"', 'W/"2"']);
    });

    it('never offers one session’s kept page to another', async () => {
      saveTokens({ accessToken: 'a1', refreshToken: 'r1' });
      const calls = server({ 'W/"1"': { total: 1 } });
      await apiRequest('GET', inbox);
      saveTokens({ accessToken: 'b2', refreshToken: 'r2' });
      await apiRequest('GET', inbox);
      expect(calls.map((c) => c.header['if-none-match'])).toEqual([undefined, undefined]);
    });
  });

  it('refreshes an expired token once and retries the call', async () => {
    saveTokens({ accessToken: 'old', refreshToken: 'r1' });
    const calls = mockApi({
      'GET /me': (call) =>
        call.header.authorization === 'Bearer new'
          ? { body: { user: { name: '王建国' } } }
          : { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '登录已过期' } } },
      'POST /auth/refresh': {
        body: { accessToken: 'new', accessExpiresAt: 'x', refreshToken: 'r2', refreshExpiresAt: 'y' },
      },
    });
    await expect(apiRequest('GET', '/me')).resolves.toEqual({ user: { name: '王建国' } });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
    ]);
    expect(sessionStore.get()).toMatchObject({ accessToken: 'new', refreshToken: 'r2' });
  });

  it('signs out when the refresh token is refused too', async () => {
    saveTokens({ accessToken: 'old', refreshToken: 'r1' });
    const unauthenticated = {
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } },
    };
    mockApi({ 'GET /me': unauthenticated, 'POST /auth/refresh': unauthenticated });
    await expect(apiRequest('GET', '/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(sessionStore.get()).toBeNull();
  });

  it.each([
    [
      409,
      { error: { code: 'INVALID_STATE', message: '该事项已发布，不能修改' } },
      'INVALID_STATE',
      '该事项已发布，不能修改',
    ],
    [500, '<html>oops</html>', 'INTERNAL', '系统出了点问题，请稍后重试'],
    [404, {}, 'NOT_FOUND', '没有找到相关内容，可能已被撤回'],
  ])('turns a %i answer into the code and a Chinese sentence', async (status, body, code, message) => {
    mockApi({ 'GET /x': { status, body } });
    await expect(apiRequest('GET', '/x')).rejects.toMatchObject({ code, message });
  });

  it('reports a dropped connection as a network problem', async () => {
    request.mockRejectedValue(new Error('request:fail'));
    const error = await apiRequest('GET', '/x').catch((e: unknown) => e);
    expect(describeError(error)).toBe('网络不通，请检查网络后重试');
  });

  it('puts the first field problem of a validation failure in front', () => {
    const error = new ApiRequestError('VALIDATION_FAILED', '请求参数有误', 400, [
      { path: 'content', message: '内容不能超过 2000 字' },
    ]);
    expect(describeError(error)).toBe('内容不能超过 2000 字');
  });

  it('makes a different idempotency key each time', () => {
    expect(new Set(Array.from({ length: 50 }, newIdempotencyKey)).size).toBe(50);
  });
});
