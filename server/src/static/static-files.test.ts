import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../test/harness';
import { resolveInside } from './static-files';

describe('resolveInside', () => {
  const root = '/srv/h5';
  it.each([
    ['/', '/srv/h5/index.html'],
    ['/index.html', '/srv/h5/index.html'],
    ['/assets/app.3f9c1a2b.js', '/srv/h5/assets/app.3f9c1a2b.js'],
    ['/%E4%B8%AD.png', '/srv/h5/中.png'],
  ])('maps %s to %s', (url, file) => {
    expect(resolveInside(root, url)).toBe(file);
  });

  it.each([
    ['/../etc/passwd'],
    ['/a/../b.js'],
    ['/..%2f..%2fetc/passwd'],
    ['/%2e%2e/%2e%2e/etc/passwd'],
    ['/assets/..%5c..%5csecret'],
    ['/.env'],
    ['/.git/config'],
    ['/a%00.js'],
    ['/%E0%A4%A'],
  ])('refuses %s', (url) => {
    expect(resolveInside(root, url)).toBeUndefined();
  });
});

describe('serving the H5 build', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'sanwu-h5-'));
    dir = path.join(base, 'h5');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>H5</title>');
    writeFileSync(path.join(dir, 'assets', 'app.3f9c1a2b.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'logo.png'), 'png');
    writeFileSync(path.join(dir, '.env'), 'SECRET=1');
    writeFileSync(path.join(base, 'secret.txt'), 'outside the root');
    t = await startTestApp({ database: false, h5Root: dir });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('serves index.html at / without caching', async () => {
    const res = await t.request.get('/').expect(200);
    expect(res.text).toContain('<title>H5</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for a year', async () => {
    const res = await t.request.get('/assets/app.3f9c1a2b.js').expect(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('caches unhashed files briefly', async () => {
    const res = await t.request.get('/logo.png').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('falls back to index.html for app routes', async () => {
    const res = await t.request.get('/pages/feedback/index').set('Accept', 'text/html').expect(200);
    expect(res.text).toContain('<title>H5</title>');
  });

  it.each([['/../secret.txt'], ['/..%2fsecret.txt'], ['/%2e%2e/secret.txt'], ['/.env'], ['/missing.js']])(
    'refuses %s with 404 and never leaks a file',
    async (url) => {
      const res = await t.request.get(url).expect(404);
      expect(res.text).not.toContain('outside the root');
      expect(res.text).not.toContain('SECRET');
      expect(res.body.error.code).toBe('NOT_FOUND');
    },
  );

  it('still answers unknown API routes with the JSON 404', async () => {
    const res = await t.request.get('/api/v1/nope').set('Accept', 'text/html').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
