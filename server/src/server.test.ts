import { request as httpRequest } from 'node:http';
import { MetaModel } from './seed/meta.model';
import { startServer, type RunningServer } from './server';
import { captureLogger, testConfig } from './test/test-config';
import { testRoutes } from './test/test-routes';
import { features } from './routes';
import { resolveDatabase } from './db/resolve';

// These seed the whole demo (every feature's step, ~8 s on a quiet machine; more on a busy CI runner).
jest.setTimeout(60_000);

/** A GET over a fresh connection, resolving with status and body (or rejecting on a refused connection). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await startServer({
      config: testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO: 'true' }),
      logger: captureLogger().logger,
      features: [...features, testRoutes],
      shutdownTimeoutMs: 5000,
    });
  });
  afterAll(() => running.close());

  it('listens, starts the embedded database and seeds the demo', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.inMemory).toBe(true);
    expect(running.demoAccounts).toContainEqual(
      expect.objectContaining({ username: 'admin', role: '系统管理员', password: 'sanwu-demo' }),
    );
    expect(await get(`${running.url}/readyz`)).toMatchObject({ status: 200 });
    const meta = await MetaModel.findById('demo').lean();
    expect(meta).toMatchObject({ _id: 'demo', version: '1' });
  });

  it('drains an in-flight request on close and then refuses new connections', async () => {
    const slow = get(`${running.url}/api/v1/test/slow?ms=400`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = running.close();

    const res = await slow;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ waited: 400 });
    await expect(get(`${running.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await closed;
    await running.close(); // idempotent
  });
});

describe('startServer close()', () => {
  it('waits for the handler of a request whose client already hung up before closing the database', async () => {
    const captured = captureLogger();
    const running = await startServer({
      config: testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO: 'false' }),
      logger: captured.logger,
      features: [...features, testRoutes],
      shutdownTimeoutMs: 5000,
    });
    const body = JSON.stringify({ name: 'after-hang-up', ms: 300 });
    const req = httpRequest(`${running.url}/api/v1/test/slow-things`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', () => undefined);
    const sent = Date.now();
    req.end(body);
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy(); // the phone lost its signal: the socket is gone, the handler is still waiting
    await running.close();
    expect(Date.now() - sent).toBeGreaterThanOrEqual(300);
    // Long enough for a handler left running to have failed on the closed database.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const lines = captured.lines();
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});

describe('resolveDatabase', () => {
  it('refuses the embedded database in production', async () => {
    const config = { ...testConfig(), isProduction: true, mongodbUri: undefined };
    await expect(resolveDatabase(config, captureLogger().logger)).rejects.toThrow(/MONGODB_URI/);
  });

  it('uses MONGODB_URI when set and starts nothing', async () => {
    const config = testConfig({ MONGODB_URI: 'mongodb://db.example:27017/sanwu' });
    expect(await resolveDatabase(config, captureLogger().logger)).toEqual({
      uri: 'mongodb://db.example:27017/sanwu',
    });
  });
});
