import { Types } from 'mongoose';
import { ZNotification, type Role } from '@sanwu/shared';
import { makeVillager, useFeedbackWorld, type World } from '../feedback/feedback.testing';
import type { TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import { User } from '../users/user.model';
import { FakeWechatServer } from '../wechat/fake-wechat-server';
import { WechatClient } from '../wechat/wechat-client';
import { Notification } from './notification.model';
import { notify, usersWithRoleAt } from './notification.service';
import { deliverWechat, type OutboxOptions } from './wechat-outbox';

const fake = new FakeWechatServer({ now: () => t.clock.now().getTime() });
let t: TestApp;
let w: World;
let client: WechatClient;
let options: OutboxOptions;
const MINUTE = 60_000;

useFeedbackWorld(
  (app, world) => {
    [t, w] = [app, world];
  },
  { fake },
);
beforeEach(async () => {
  client = new WechatClient({
    appId: fake.appId,
    secret: fake.secret,
    apiBase: fake.baseUrl,
    now: () => t.clock.now().getTime(),
  });
  options = {
    wechat: client,
    templates: { progress: 'tpl-progress', reminder: 'tpl-reminder' },
    logger: captureLogger().logger,
  };
  fake.sentMessages.splice(0);
});

async function notifyVillager(key = 'k1', kind = 'feedback.replied') {
  const v = await makeVillager(t, w.village);
  await notify({
    key,
    userIds: [v.id],
    kind,
    title: '您的意见已答复',
    body: '路灯已于本周修好，感谢您的反映',
    at: t.clock.now(),
  });
  return v;
}

const stored = async () => (await Notification.findOne({}).lean())!;

describe('the WeChat outbox', () => {
  it('sends a subscribe message with the configured template, once', async () => {
    const v = await notifyVillager();
    const openid = (await User.findById(v.id).lean())!.wechat!.openid;
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ sent: 1 });
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ sent: 0 });
    expect(fake.sentMessages).toHaveLength(1);
    expect(fake.sentMessages[0]).toMatchObject({
      touser: openid,
      template_id: 'tpl-progress',
      data: { thing1: { value: '您的意见已答复' } },
    });
    expect(await stored()).toMatchObject({ wechatStatus: 'sent', wechatAttempts: 1 });
  });

  it('refreshes an expired access token and still sends', async () => {
    await notifyVillager('a');
    await deliverWechat(t.clock.now(), options);
    fake.expireAllTokens();
    await notifyVillager('b');
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ sent: 1 });
    expect(fake.sentMessages).toHaveLength(2);
    expect(fake.tokensIssued).toBe(2);
  });

  it('retries a rate-limited send with exponential backoff', async () => {
    await notifyVillager();
    fake.failNext(
      2,
      { errcode: 45011, errmsg: 'api minute-quota reach limit' },
      { path: '/cgi-bin/message/subscribe/send' },
    );
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ retried: 1 });
    expect(await stored()).toMatchObject({
      wechatStatus: 'pending',
      wechatAttempts: 1,
      wechatLastError: expect.stringContaining('45011'),
    });
    expect((await stored()).wechatNextAttemptAt).toEqual(new Date(t.clock.now().getTime() + MINUTE));
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ sent: 0, retried: 0 }); // not yet
    t.clock.advance(MINUTE);
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ retried: 1 });
    expect((await stored()).wechatNextAttemptAt).toEqual(new Date(t.clock.now().getTime() + 2 * MINUTE));
    t.clock.advance(2 * MINUTE);
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ sent: 1 });
    expect(fake.sentMessages).toHaveLength(1);
  });

  it('records a failure for good after the last attempt, and at once for a refusal no retry fixes', async () => {
    await notifyVillager('busy');
    fake.failNext(6, { errcode: -1 }, { path: '/cgi-bin/message/subscribe/send' });
    for (let i = 0; i < 6; i++) {
      await deliverWechat(t.clock.now(), options);
      t.clock.advance(64 * MINUTE);
    }
    expect(await Notification.findOne({ key: { $regex: '^busy' } }).lean()).toMatchObject({
      wechatStatus: 'failed',
      wechatAttempts: 6,
    });
    await notifyVillager('refused');
    fake.failNext(
      1,
      { errcode: 43101, errmsg: 'user refuse to accept the msg' },
      { path: '/cgi-bin/message/subscribe/send' },
    );
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ failed: 1 });
    expect(await Notification.findOne({ key: { $regex: '^refused' } }).lean()).toMatchObject({
      wechatStatus: 'failed',
      wechatAttempts: 1,
    });
  });

  it.each<[string, Partial<OutboxOptions>]>([
    ['WeChat is not configured', { wechat: undefined }],
    ['the kind has no template', { templates: {} }],
  ])('keeps the in-app notification only when %s', async (_n, patch) => {
    await notifyVillager();
    expect(await deliverWechat(t.clock.now(), { ...options, ...patch })).toMatchObject({ skipped: 1 });
    expect(await stored()).toMatchObject({ wechatStatus: 'skipped' });
    expect(fake.sentMessages).toHaveLength(0);
  });

  it('skips staff without WeChat', async () => {
    await notify({
      key: 'staff',
      userIds: [w.cadre.id],
      kind: 'feedback.received',
      title: '新意见',
      body: '内容',
      at: t.clock.now(),
    });
    expect(await deliverWechat(t.clock.now(), options)).toMatchObject({ skipped: 1 });
  });
});

describe('GET /notifications and marking read', () => {
  it('lists the caller’s own notifications, newest first, and marks them read', async () => {
    const v = await notifyVillager('first');
    t.clock.advance(MINUTE);
    await notify({
      key: 'second',
      userIds: [v.id, w.cadre.id],
      kind: 'feedback.transferred',
      title: '已转办',
      body: '转至西河村',
      at: t.clock.now(),
    });
    const res = await t.request.get('/api/v1/notifications').set('Authorization', v.auth);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((n: { title: string }) => n.title)).toEqual(['已转办', '您的意见已答复']);
    const id = ZNotification.parse(res.body.items[0]).id;
    const read = await t.request.post(`/api/v1/notifications/${id}/read`).set('Authorization', v.auth);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBe(t.clock.now().toISOString());
    const unread = await t.request.get('/api/v1/notifications?unread=true').set('Authorization', v.auth);
    expect(unread.body.total).toBe(1);
    const all = await t.request.post('/api/v1/notifications/read-all').set('Authorization', v.auth);
    expect(all.body).toEqual({ updated: 1 });
  });

  it('answers 404 for someone else’s notification and 401 without a token', async () => {
    await notifyVillager();
    const other = (await stored())._id;
    const res = await t.request
      .post(`/api/v1/notifications/${String(other)}/read`)
      .set('Authorization', w.cadre.auth);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await stored()).readAt).toBeNull();
    expect((await t.request.get('/api/v1/notifications')).status).toBe(401);
  });

  it.each<['admin' | 'cadre' | 'inspector' | 'supervisor', number]>([
    ['admin', 200],
    ['cadre', 403],
    ['inspector', 403],
    ['supervisor', 403],
  ])('shows permanent WeChat failures to admins only: %s → %i', async (who, status) => {
    await notifyVillager();
    fake.failNext(1, { errcode: 43101 }, { path: '/cgi-bin/message/subscribe/send' });
    await deliverWechat(t.clock.now(), options);
    const res = await t.request.get('/api/v1/notifications/failures').set('Authorization', w[who].auth);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        kind: 'feedback.replied',
        attempts: 1,
        lastError: expect.stringContaining('43101'),
      });
    } else expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('stores a notification once per key and recipient', async () => {
    const v = await makeVillager(t, w.village);
    const input = { key: 'dup', userIds: [v.id, v.id], kind: 'x', title: 't', body: 'b', at: t.clock.now() };
    expect(await notify(input)).toBe(1);
    expect(await notify(input)).toBe(0);
    expect(await Notification.countDocuments({ userId: new Types.ObjectId(v.id) })).toBe(1);
  });

  // On a real MongoDB two producers' upserts of one key can both miss and insert; the loser gets a
  // bulk error with E11000 for that statement (devdb runs commands one at a time, so it is fed here).
  it.each<[string, number, boolean]>([
    ['a duplicate key (another producer stored it) counts as stored elsewhere', 11000, false],
    ['any other write error fails the call', 121, true],
  ])('%s', async (_, code, rejects) => {
    const v = await makeVillager(t, w.village);
    const failure = Object.assign(new Error(`E${code}`), {
      name: 'MongoBulkWriteError',
      writeErrors: [{ code, index: 0, err: { index: 0, code } }],
      result: { upsertedCount: 0 },
    });
    const bulk = jest.spyOn(Notification.collection, 'bulkWrite').mockRejectedValueOnce(failure);
    try {
      const input = {
        key: 'lost-race',
        userIds: [v.id],
        kind: 'x',
        title: 't',
        body: 'b',
        at: t.clock.now(),
      };
      if (rejects) await expect(notify(input)).rejects.toBe(failure);
      else expect(await notify(input)).toBe(0);
    } finally {
      bulk.mockRestore();
    }
  });

  it('sends the notifications of events at the same moment in one bulk command; each producer learns its own count', async () => {
    const ids = (await Promise.all([1, 2, 3].map(() => makeVillager(t, w.village)))).map((p) => p.id);
    const event = (key: string, userIds: string[]) => ({
      key,
      userIds,
      kind: 'x',
      title: 't',
      body: 'b',
      at: t.clock.now(),
    });
    await notify(event('early', [ids[0]!]));
    const bulk = jest.spyOn(Notification.collection, 'bulkWrite');
    try {
      const counts = await Promise.all([
        notify(event('early', ids)),
        notify(event('second', [ids[1]!])),
        notify(event('third', ids)),
        notify(event('fourth', [ids[2]!, ids[0]!])),
      ]);
      expect(counts).toEqual([2, 1, 3, 2]);
      expect(bulk.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      bulk.mockRestore();
    }
    expect(
      await Notification.countDocuments({ userId: { $in: ids.map((id) => new Types.ObjectId(id)) } }),
    ).toBe(9);
  });

  it('finds the holders of a role at several orgs asked for at once by one find per role, each as a find of its own would', async () => {
    const [village, sibling, township, county] = [w.village._id, w.sibling._id, w.township._id, w.county._id];
    const asks: [Role, Types.ObjectId][] = [
      ['cadre', village],
      ['cadre', sibling],
      ['cadre', township],
      ['inspector', township],
      ['inspector', county],
      ['cadre', village],
      ['supervisor', sibling],
    ];
    const alone = [];
    for (const [role, org] of asks) alone.push(await usersWithRoleAt(role, org));
    expect(alone).toEqual([
      [w.cadre.id],
      [w.siblingCadre.id],
      [],
      [w.inspector.id],
      [w.countyInspector.id],
      [w.cadre.id],
      [],
    ]);
    const finds = jest.spyOn(User.collection, 'find');
    try {
      expect(await Promise.all(asks.map(([role, org]) => usersWithRoleAt(role, org)))).toEqual(alone);
      // Per role, the first goes at once and alone, and what queued behind it as one find.
      expect(finds).toHaveBeenCalledTimes(5);
    } finally {
      finds.mockRestore();
    }
  });

  it('stores one per recipient when several producers of the same event race, with defaults', async () => {
    const people = await Promise.all([1, 2, 3].map(() => makeVillager(t, w.village)));
    const ids = people.map((p) => p.id);
    const input = { key: 'race', userIds: ids, kind: 'x', title: 't', body: 'b', at: t.clock.now() };
    // The second producer already has one of the three: a partial overlap, then full overlaps.
    const first = await notify({ ...input, userIds: [ids[0]!] });
    const counts = await Promise.all([notify(input), notify(input), notify(input)]);
    expect(first + counts.reduce((a, b) => a + b, 0)).toBe(3);
    const stored = await Notification.find({ key: /^race:/ }).lean();
    expect(stored.map((n) => String(n.userId)).sort()).toEqual([...ids].sort());
    expect(stored[0]).toMatchObject({ wechatStatus: 'pending', wechatAttempts: 0, readAt: null });
  });
});
