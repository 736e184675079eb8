// Outside service loss: the WeChat API answers 500s and times out for a while. The outbox keeps
// every notification pending with backoff and, once WeChat is back, delivers each exactly once.
// (notifications.test.ts covers rate limits, token expiry and permanent refusals one at a time.)
import { makeVillager, makeWorld } from '../feedback/feedback.testing';
import { Notification } from '../notifications/notification.model';
import { notify } from '../notifications/notification.service';
import { deliverWechat, type OutboxOptions } from '../notifications/wechat-outbox';
import { startTestApp, type TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import { FakeWechatServer } from '../wechat/fake-wechat-server';
import { WechatClient } from '../wechat/wechat-client';

const fake = new FakeWechatServer({ now: () => t.clock.now().getTime() });
let t: TestApp;

beforeAll(async () => {
  await fake.start();
  t = await startTestApp({ now: '2026-09-16T02:00:00Z' });
});
afterAll(async () => {
  await t.stop();
  await fake.stop();
});

it('delivers every notification exactly once after an outage of 500s and time-outs', async () => {
  const w = await makeWorld(t);
  const villagers = [];
  for (let i = 0; i < 8; i++) villagers.push(await makeVillager(t, w.village));
  for (const [i, v] of villagers.entries()) {
    await notify({
      key: `outage-${i}`,
      userIds: [v.id],
      kind: 'feedback.replied',
      title: '您的意见已答复',
      body: `第${i}条意见已答复`,
      at: t.clock.now(),
    });
  }
  const options: OutboxOptions = {
    wechat: new WechatClient({
      appId: fake.appId,
      secret: fake.secret,
      apiBase: fake.baseUrl,
      now: () => t.clock.now().getTime(),
      timeoutMs: 200,
    }),
    templates: { progress: 'tpl-progress' },
    logger: captureLogger().logger,
  };
  // The outage: the first requests hang past the client's time-out, then WeChat answers 500s.
  fake.failNext(3, { delayMs: 500 });
  fake.failNext(12, { httpStatus: 500 });

  const rounds: { sent: number; retried: number; failed: number }[] = [];
  for (let round = 0; round < 12; round++) {
    rounds.push(await deliverWechat(t.clock.now(), options));
    if ((await Notification.countDocuments({ wechatStatus: 'pending' })) === 0) break;
    t.clock.advance(20 * 60_000); // past the longest backoff the retries reach here
  }

  const stored = await Notification.find({}).lean();
  expect(stored).toHaveLength(8);
  expect(stored.every((n) => n.wechatStatus === 'sent')).toBe(true);
  expect(rounds.reduce((n, r) => n + r.failed, 0)).toBe(0);
  expect(rounds.reduce((n, r) => n + r.retried, 0)).toBeGreaterThan(0);
  const perUser = new Map<string, number>();
  for (const m of fake.sentMessages) perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1);
  expect([...perUser.values()]).toEqual(Array(8).fill(1));
  process.stdout.write(
    `wechat outage: 3 time-outs + 12 HTTP 500s; ${rounds.length} sweeps; ` +
      `${rounds.reduce((n, r) => n + r.retried, 0)} retries; 8 of 8 delivered once\n`,
  );
}, 60_000);
