import { ZApiError } from '@sanwu/shared';
import { startTestApp, type TestApp } from './test/harness';
import { testRoutes } from './test/test-routes';

// The frame without a database: error format, middleware, headers. (Database behaviour is in
// db.test.ts.)
describe('the app frame', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      database: false,
      features: [testRoutes],
      env: { BODY_LIMIT_KB: '1', H5_ORIGIN: 'https://h5.example.cn, https://other.example.cn' },
      h5Root: '/nonexistent',
    });
  });
  afterAll(() => t.stop());

  it('answers /healthz without touching the database', async () => {
    const res = await t.request.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 UNAVAILABLE when there is no database', async () => {
    const res = await t.request.get('/readyz').expect(503);
    expect(ZApiError.parse(res.body).error.code).toBe('UNAVAILABLE');
  });

  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v2/x'],
    ['POST', '/api/v1/test/limited'],
    ['DELETE', '/healthz'],
  ])('answers an unknown route %s %s with 404 NOT_FOUND in the API error format', async (method, path) => {
    const res = await t.request[method.toLowerCase() as 'get'](path).expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: '资源不存在' } });
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await t.request
      .post('/api/v1/test/echo')
      .set('Content-Type', 'application/json')
      .send('{"name": "a",')
      .expect(400);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: '请求体不是合法的 JSON' } });
  });

  it('answers a body over BODY_LIMIT_KB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t.request
      .post('/api/v1/test/echo')
      .send({ name: 'a', age: 1, padding: 'x'.repeat(2048) })
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a schema violation with 400 and Chinese details per field', async () => {
    const res = await t.request.post('/api/v1/test/echo').send({ name: '', age: 'x' }).expect(400);
    expect(res.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: '请求参数有误',
        details: [
          { path: 'name', message: '不能为空' },
          { path: 'age', message: '应为数字' },
        ],
      },
    });
  });

  it('hands the parsed body to the handler', async () => {
    const res = await t.request
      .post('/api/v1/test/echo')
      .send({ name: '张三', age: 30, extra: 1 })
      .expect(200);
    expect(res.body).toEqual({ name: '张三', age: 30 });
  });

  it('coerces and defaults the query and checks path params', async () => {
    const ok = await t.request.get('/api/v1/test/items/65f0c0ffee0000000000abcd?pageSize=5').expect(200);
    expect(ok.body).toEqual({ id: '65f0c0ffee0000000000abcd', page: 1, pageSize: 5 });
    const bad = await t.request.get('/api/v1/test/items/123?pageSize=500').expect(400);
    expect(bad.body.error.details).toEqual([
      { path: 'id', message: '编号格式不正确' },
      { path: 'pageSize', message: '不能大于 100' },
    ]);
  });

  it('answers an unexpected throw with 500 INTERNAL, hides the message and logs it with the request id', async () => {
    const res = await t.request.get('/api/v1/test/boom').set('X-Request-Id', 'req-boom-0001').expect(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误' } });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    const logged = t.logs().find((l) => l.msg === 'request failed' && l.path === '/api/v1/test/boom');
    expect(logged).toMatchObject({ requestId: 'req-boom-0001', level: 50 });
    expect(JSON.stringify(logged)).toContain('secret internal detail');
  });

  it('answers an AppError with its status and code', async () => {
    const res = await t.request.post('/api/v1/test/conflict').expect(409);
    expect(res.body).toEqual({ error: { code: 'CONFLICT', message: '名称已被使用' } });
  });

  it('refuses a route that needs sign-in with 401 UNAUTHENTICATED', async () => {
    const res = await t.request.get('/api/v1/test/private').expect(401);
    expect(res.body.error).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('lets anonymous callers through a route where sign-in is optional', async () => {
    const res = await t.request.get('/api/v1/test/whoami').expect(200);
    expect(res.body).toEqual({ userId: null });
  });

  it('fails a handler whose answer breaks its response schema (outside production)', async () => {
    const res = await t.request.get('/api/v1/test/off-contract').expect(500);
    expect(res.body.error.code).toBe('INTERNAL');
  });

  it('answers 429 RATE_LIMITED with Retry-After once the limit is used up', async () => {
    await t.request.get('/api/v1/test/limited').expect(200);
    await t.request.get('/api/v1/test/limited').expect(200);
    const res = await t.request.get('/api/v1/test/limited').expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  describe('request ids', () => {
    it('echoes a sane incoming X-Request-Id', async () => {
      const res = await t.request.get('/healthz').set('X-Request-Id', 'abc-123-def-456');
      expect(res.headers['x-request-id']).toBe('abc-123-def-456');
    });

    it.each([['short'], ['has spaces in it'], ['x'.repeat(200)], ['evil\tinjection']])(
      'replaces the unsafe id %j with a generated one',
      async (incoming) => {
        const res = await t.request.get('/healthz').set('X-Request-Id', incoming);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      },
    );

    it('logs one line per request with method, path, status, ms and request id', async () => {
      await t.request.get('/api/v1/nope').set('X-Request-Id', 'req-log-00001');
      const line = t.logs().find((l) => l.msg === 'request' && l.requestId === 'req-log-00001');
      expect(line).toMatchObject({ method: 'GET', path: '/api/v1/nope', status: 404 });
      expect(typeof line?.ms).toBe('number');
    });
  });

  it('sends security headers, including a CSP that allows the app itself', async () => {
    const res = await t.request.get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  describe('CORS', () => {
    it.each([['https://h5.example.cn'], ['https://other.example.cn']])(
      'allows the configured origin %s',
      async (origin) => {
        const res = await t.request.get('/healthz').set('Origin', origin);
        expect(res.headers['access-control-allow-origin']).toBe(origin);
      },
    );

    it('answers a preflight from an allowed origin', async () => {
      const res = await t.request
        .options('/api/v1/test/echo')
        .set('Origin', 'https://h5.example.cn')
        .set('Access-Control-Request-Method', 'POST')
        .expect(204);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toBe(
        'Authorization,Content-Type,Idempotency-Key,If-None-Match,X-Request-Id',
      );
    });

    it('lets an allowed origin read the ETag and the idempotent replay flag', async () => {
      const res = await t.request.get('/healthz').set('Origin', 'https://h5.example.cn');
      expect(res.headers['access-control-expose-headers']).toBe(
        'X-Request-Id,Retry-After,ETag,Idempotent-Replayed',
      );
    });

    it('gives no CORS headers to another origin', async () => {
      const res = await t.request.get('/healthz').set('Origin', 'https://evil.example.com');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('compresses large responses', async () => {
    const res = await t.request.get('/api/v1/openapi.json').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  // JSON answers are serialized once, by the app (json-once.ts): still JSON, whatever their size.
  it.each([
    ['/api/v1/openapi.json', 'gzip'],
    ['/api/v1/openapi.json', 'identity'],
    ['/healthz', 'gzip'],
  ])('answers %s as JSON (Accept-Encoding %s)', async (path, encoding) => {
    const res = await t.request.get(path).set('Accept-Encoding', encoding).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(typeof res.body).toBe('object');
    expect(Object.keys(res.body as object).length).toBeGreaterThan(0);
  });

  it('serves the Chinese placeholder page at / when there is no H5 build', async () => {
    const res = await t.request.get('/').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('三务公开');
    expect(res.text).toContain('/api/v1/openapi.json');
  });
});
