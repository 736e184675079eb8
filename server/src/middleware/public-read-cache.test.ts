import Koa from 'koa';
import supertest from 'supertest';
import type { AppState } from '../context';
import { publicReadCache } from './public-read-cache';

/** `gate`, when set, holds every read reaching the route until it is opened. */
function appWith(clock: { now: Date }, gate?: { opened: Promise<void> }) {
  let reads = 0;
  let value = 1;
  const app = new Koa<AppState>();
  // renewAt is the middle of an entry's life: random() = 0.
  app.use(publicReadCache(() => clock.now, { ttlMs: 5000, maxEntries: 2, random: () => 0 }));
  app.use(async (ctx) => {
    if (ctx.method === 'POST') {
      value++;
      ctx.status = ctx.path === '/fail' ? 400 : 201;
      return;
    }
    reads++;
    if (gate) await gate.opened;
    ctx.set('ETag', `W/"v${value}"`);
    ctx.set('Cache-Control', ctx.path === '/private' ? 'private, no-cache' : 'public, max-age=60');
    ctx.body = { value, path: ctx.path };
  });
  return { request: supertest(app.callback()), reads: () => reads, change: () => value++ };
}

function closedGate() {
  let open!: () => void;
  const gate = { opened: new Promise<void>((resolve) => (open = resolve)) };
  return { gate, open };
}

/** Starts `test` at once (supertest sends only when awaited or ended). */
const send = (test: supertest.Test) =>
  new Promise<supertest.Response>((ok, fail) => test.end((e, r) => (e ? fail(e) : ok(r))));

describe('public read cache', () => {
  const clock = { now: new Date('2026-11-02T08:00:00Z') };

  it('answers a repeated anonymous public read from memory, with its ETag and 304', async () => {
    const t = appWith(clock);
    const first = await t.request.get('/list').expect(200);
    const second = await t.request.get('/list').expect(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers.etag).toBe(first.headers.etag);
    await t.request.get('/list').set('If-None-Match', first.headers.etag!).expect(304);
    expect(t.reads()).toBe(1);
  });

  it('fills the cache from a conditional request that misses, and still answers it 304', async () => {
    const t = appWith(clock);
    await t.request.get('/list').set('If-None-Match', 'W/"v1"').expect(304);
    await t.request.get('/list').set('If-None-Match', 'W/"v1"').expect(304);
    const plain = await t.request.get('/list').expect(200);
    expect(plain.headers['x-cache']).toBe('hit');
    expect(plain.body).toEqual({ value: 1, path: '/list' });
    await t.request.get('/list').set('If-None-Match', 'W/"v0"').expect(200);
    expect(t.reads()).toBe(1);
  });

  it.each([
    ['a signed-in read', (r: supertest.Test) => r.set('Authorization', 'Bearer x'), '/list'],
    ['a private answer', (r: supertest.Test) => r, '/private'],
  ])('never reuses %s', async (_name, decorate, path) => {
    const t = appWith(clock);
    await decorate(t.request.get(path)).expect(200);
    await decorate(t.request.get(path)).expect(200);
    expect(t.reads()).toBe(2);
  });

  it('drops every answer after a successful write, but not after a refused one', async () => {
    const t = appWith(clock);
    await t.request.get('/list').expect(200);
    await t.request.post('/fail').expect(400);
    await t.request.get('/list').expect(200);
    expect(t.reads()).toBe(1);
    await t.request.post('/write').expect(201);
    const after = await t.request.get('/list').expect(200);
    expect(after.body.value).toBe(3); // both POSTs reached the handler
    expect(t.reads()).toBe(2);
  });

  it('reads again once an answer is older than the TTL, and keeps at most maxEntries', async () => {
    const t = appWith(clock);
    await t.request.get('/a').expect(200);
    clock.now = new Date(clock.now.getTime() + 5000);
    await t.request.get('/a').expect(200);
    expect(t.reads()).toBe(2);
    await t.request.get('/b').expect(200);
    await t.request.get('/c').expect(200);
    await t.request.get('/a').expect(200); // evicted by /b and /c
    expect(t.reads()).toBe(5);
  });

  it('lets many requests that miss at once wait for one read of the URL', async () => {
    const { gate, open } = closedGate();
    const t = appWith(clock, gate);
    const answers = Array.from({ length: 5 }, () => send(t.request.get('/list')));
    await new Promise((r) => setTimeout(r, 20));
    expect(t.reads()).toBe(1);
    open();
    const bodies = (await Promise.all(answers)).map((a) => a.body);
    expect(bodies).toEqual(Array(5).fill({ value: 1, path: '/list' }));
    expect(t.reads()).toBe(1);
  });

  it('reads an answer again from the middle of its life, one request at a time, the others served meanwhile', async () => {
    const { gate, open } = closedGate();
    const t = appWith(clock, gate);
    const start = clock.now.getTime();
    open();
    await t.request.get('/list').expect(200);
    t.change();
    clock.now = new Date(start + 2499);
    expect((await t.request.get('/list')).body.value).toBe(1);
    expect(t.reads()).toBe(1);

    const held = closedGate();
    gate.opened = held.gate.opened;
    clock.now = new Date(start + 2500);
    const renewing = send(t.request.get('/list'));
    await new Promise((r) => setTimeout(r, 20));
    const meanwhile = await t.request.get('/list').expect(200);
    expect(meanwhile.body.value).toBe(1);
    expect(meanwhile.headers['x-cache']).toBe('hit');
    expect(t.reads()).toBe(2);
    held.open();
    expect((await renewing).body.value).toBe(2);
    expect((await t.request.get('/list')).body.value).toBe(2);
    expect(t.reads()).toBe(2);
  });
});
