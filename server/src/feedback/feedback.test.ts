import { Types } from 'mongoose';
import { ZFeedback, type FeedbackDto } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { Notification } from '../notifications/notification.model';
import { Org } from '../orgs/org.model';
import type { TestApp } from '../test/harness';
import { FakeWechatServer } from '../wechat/fake-wechat-server';
import { Feedback } from './feedback.model';
import {
  makePhotos,
  makePublishedDisclosure,
  makeVillager,
  useFeedbackWorld,
  type World,
} from './feedback.testing';

const fake = new FakeWechatServer({ riskyWords: ['赌博网站'] });
let t: TestApp;
let w: World;

useFeedbackWorld(
  (app, world) => {
    [t, w] = [app, world];
  },
  {
    fake,
    env: () => ({ WECHAT_APPID: fake.appId, WECHAT_SECRET: fake.secret, WECHAT_API_BASE: fake.baseUrl }),
  },
);

const opinion = (orgId: string, extra: Record<string, unknown> = {}) => ({
  orgId,
  type: 'opinion',
  content: '村口路灯坏了三盏，晚上出行不便，建议尽快维修。',
  ...extra,
});

async function submit(auth: string, body: Record<string, unknown>, key?: string) {
  const req = t.request.post('/api/v1/feedback').set('Authorization', auth);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

describe('submitting feedback', () => {
  it('stores an opinion with the deadline from the org policy, snapshots the policy, audits and tells the cadres', async () => {
    const v = await makeVillager(t, w.village);
    const res = await submit(v.auth, opinion(String(w.village._id)));
    expect(res.status).toBe(201);
    const dto = ZFeedback.parse(res.body);
    // 15 calendar days from 2026-09-16 is 2026-10-01, National Day: the period ends on the next working day.
    expect(dto).toMatchObject({
      state: 'submitted',
      dueDate: '2026-10-08',
      policy: { unit: 'calendarDays', amount: 15 },
    });
    expect(dto.dueAt).toBe('2026-10-08T15:59:59.999Z');
    const stored = await Feedback.findById(dto.id).lean();
    expect(stored).toMatchObject({ authorName: v.name, policy: { unit: 'calendarDays', amount: 15 } });
    expect(await AuditEntry.countDocuments({ action: 'feedback.submit', 'target.id': dto.id })).toBe(1);
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(w.cadre.id),
        kind: 'feedback.received',
      }),
    ).toBe(1);
  });

  // DOMAIN.md "Feedback": a 反映/举报 (non-disclosure, late or false disclosure) goes to the level
  // above and is handled by its inspectors; the village it is about does not handle or read it.
  it('sends a report to the township inspectors, out of the reported village cadre’s sight', async () => {
    const v = await makeVillager(t, w.village);
    const res = await submit(v.auth, {
      orgId: String(w.village._id),
      type: 'report',
      content: '村里上季度的财务一直没有公开',
    });
    expect(res.status).toBe(201);
    const dto = ZFeedback.parse(res.body);
    expect([dto.orgId, dto.handlingOrgId]).toEqual([String(w.village._id), String(w.township._id)]);
    expect(dto.dueDate).toBe('2026-10-08');
    const inbox = (auth: string, orgId: unknown) =>
      t.request.get(`/api/v1/orgs/${String(orgId)}/feedback`).set('Authorization', auth);
    const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id);
    expect(ids(await inbox(w.inspector.auth, w.township._id).expect(200))).toEqual([dto.id]);
    expect(ids(await inbox(w.cadre.auth, w.village._id).expect(200))).toEqual([]);
    await t.request.get(`/api/v1/feedback/${dto.id}`).set('Authorization', w.cadre.auth).expect(404);
    await t.request.get(`/api/v1/feedback/${dto.id}`).set('Authorization', w.inspector.auth).expect(200);
    await t.request.get(`/api/v1/feedback/${dto.id}`).set('Authorization', v.auth).expect(200);
    const told = async (userId: string) =>
      Notification.countDocuments({ userId: new Types.ObjectId(userId), kind: 'feedback.received' });
    expect([await told(w.inspector.id), await told(w.cadre.id)]).toEqual([1, 0]);
    // On the handling township's policy, not the village's.
    await Org.updateOne(
      { _id: w.township._id },
      { $set: { 'policy.feedbackPolicies': { report: { unit: 'workdays', amount: 5 } } } },
    );
    await Org.updateOne(
      { _id: w.village._id },
      { $set: { 'policy.feedbackPolicies': { report: { unit: 'calendarDays', amount: 30 } } } },
    );
    const second = await submit(v.auth, {
      orgId: String(w.village._id),
      type: 'report',
      content: '村务公开栏上的账目与实际不符',
    });
    expect(second.body).toMatchObject({ dueDate: '2026-09-22', policy: { unit: 'workdays', amount: 5 } });
  });

  it('keeps an old deadline when the org policy changes later; new items use the new policy', async () => {
    const v = await makeVillager(t, w.village);
    const first = await submit(v.auth, opinion(String(w.village._id)));
    await Org.updateOne(
      { _id: w.village._id },
      { $set: { 'policy.feedbackPolicies': { opinion: { unit: 'workdays', amount: 5 } } } },
    );
    const second = await submit(v.auth, opinion(String(w.village._id), { content: '第二条意见' }));
    const old = await t.request.get(`/api/v1/feedback/${first.body.id}`).set('Authorization', v.auth);
    expect(old.body).toMatchObject({ dueDate: '2026-10-08', policy: { unit: 'calendarDays', amount: 15 } });
    // 5 working days after 09-16: 17, 18, 20 (a make-up working Sunday), 21, 22.
    expect(second.body).toMatchObject({ dueDate: '2026-09-22', policy: { unit: 'workdays', amount: 5 } });
  });

  it('answers an objection with dueAt null', async () => {
    const v = await makeVillager(t, w.village);
    const disclosureId = await makePublishedDisclosure(w.village);
    const res = await submit(v.auth, {
      orgId: String(w.village._id),
      type: 'objection',
      disclosureId,
      content: '支出明细与实际不符',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dueAt: null, policy: null, type: 'objection' });
  });

  it('creates one item for a retried request with the same Idempotency-Key: 201 then 200', async () => {
    const v = await makeVillager(t, w.village);
    const body = opinion(String(w.village._id));
    const first = await submit(v.auth, body, 'phone-retry-1');
    const again = await submit(v.auth, body, 'phone-retry-1');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(await Feedback.countDocuments({})).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'feedback.submit' })).toBe(1);
  });

  it('refuses the same Idempotency-Key with a different body as 409 CONFLICT and stores nothing new', async () => {
    const v = await makeVillager(t, w.village);
    await submit(v.auth, opinion(String(w.village._id)), 'k-2');
    const res = await submit(v.auth, opinion(String(w.village._id), { content: '另一件事' }), 'k-2');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(await Feedback.countDocuments({})).toBe(1);
  });

  // The key is stored with the item in one insert; a retry of an objection also repeats its
  // resident's one objection, so the key, not the error the database names, must decide.
  it.each<[string, () => Promise<Record<string, unknown>>]>([
    ['an opinion', async () => opinion(String(w.village._id))],
    [
      'an objection',
      async () => ({
        orgId: String(w.village._id),
        type: 'objection',
        disclosureId: await makePublishedDisclosure(w.village),
        content: '支出明细与实际不符',
      }),
    ],
  ])(
    'answers retries of %s sent together with the one item stored: 201 once, then 200',
    async (_, bodyOf) => {
      const v = await makeVillager(t, w.village);
      const body = await bodyOf();
      const answers = await Promise.all([1, 2, 3].map(() => submit(v.auth, body, 'k-together')));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.id as string)).size).toBe(1);
      expect(await Feedback.countDocuments({})).toBe(1);
      expect(await AuditEntry.countDocuments({ action: 'feedback.submit' })).toBe(1);
    },
  );

  it.each(['has a space', 'x'.repeat(129)])('refuses an Idempotency-Key like %p with 400', async (key) => {
    const v = await makeVillager(t, w.village);
    const res = await t.request
      .post('/api/v1/feedback')
      .set('Authorization', v.auth)
      .set('Idempotency-Key', key)
      .send(opinion(String(w.village._id)));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await Feedback.countDocuments({})).toBe(0);
  });

  it('lets two users use the same key independently', async () => {
    const a = await makeVillager(t, w.village);
    const b = await makeVillager(t, w.village);
    expect((await submit(a.auth, opinion(String(w.village._id)), 'same')).status).toBe(201);
    expect((await submit(b.auth, opinion(String(w.village._id)), 'same')).status).toBe(201);
    expect(await Feedback.countDocuments({})).toBe(2);
  });

  it('refuses a text WeChat flags as risky with a Chinese message and stores nothing', async () => {
    const v = await makeVillager(t, w.village);
    const res = await submit(v.auth, opinion(String(w.village._id), { content: '欢迎访问赌博网站' }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('违规'),
    });
    expect(await Feedback.countDocuments({})).toBe(0);
    expect(fake.requests).toContain('/wxa/msg_sec_check');
  });

  it('answers 503 and stores nothing when the content check cannot reach WeChat', async () => {
    const v = await makeVillager(t, w.village);
    fake.failNext(1, { errcode: -1 }, { path: '/wxa/msg_sec_check' });
    const res = await submit(v.auth, opinion(String(w.village._id)), 'k-503');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('UNAVAILABLE');
    expect(await Feedback.countDocuments({})).toBe(0);
    expect((await submit(v.auth, opinion(String(w.village._id)), 'k-503')).status).toBe(201);
  });

  it.each<[string, Record<string, unknown>]>([
    ['empty content', { content: '   ' }],
    ['content over 2000 characters', { content: '长'.repeat(2001) }],
    ['an unknown type', { type: 'complaint' }],
    ['ten photos', { images: Array.from({ length: 10 }, () => String(new Types.ObjectId())) }],
    ['an objection without a disclosure', { type: 'objection' }],
    ['a malformed org id', { orgId: 'nope' }],
  ])('refuses %s with 400 VALIDATION_FAILED and stores nothing', async (_name, patch) => {
    const v = await makeVillager(t, w.village);
    const res = await submit(v.auth, opinion(String(w.village._id), patch));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await Feedback.countDocuments({})).toBe(0);
  });

  it('stores up to nine of the submitter’s own photos', async () => {
    const v = await makeVillager(t, w.village);
    const images = await makePhotos(v.id, w.village, 9);
    const res = await submit(v.auth, opinion(String(w.village._id), { images }));
    expect(res.status).toBe(201);
    expect(res.body.images).toEqual(images);
  });

  it.each([
    ['someone else’s photo', async () => makePhotos(w.cadre.id, w.village, 1)],
    ['an unknown photo id', async () => [String(new Types.ObjectId())]],
  ])('refuses %s with 400 and stores nothing', async (_n, photos) => {
    const v = await makeVillager(t, w.village);
    const res = await submit(v.auth, opinion(String(w.village._id), { images: await photos() }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await Feedback.countDocuments({})).toBe(0);
  });

  it('refuses objections and joint requests from residents not verified in the village (403)', async () => {
    const v = await makeVillager(t, w.village, { verified: false });
    const disclosureId = await makePublishedDisclosure(w.village);
    const res = await submit(v.auth, {
      orgId: String(w.village._id),
      type: 'objection',
      disclosureId,
      content: '不同意',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await Feedback.countDocuments({})).toBe(0);
  });

  it('refuses feedback about an unpublished or unknown disclosure (404)', async () => {
    const v = await makeVillager(t, w.village);
    const res = await submit(
      v.auth,
      opinion(String(w.village._id), { disclosureId: String(new Types.ObjectId()) }),
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 401 without a token', async () => {
    const res = await t.request.post('/api/v1/feedback').send(opinion(String(w.village._id)));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('who sees an item', () => {
  let privateId: string;
  let publicId: string;
  let author: Awaited<ReturnType<typeof makeVillager>>;
  beforeEach(async () => {
    author = await makeVillager(t, w.village, { name: '王小明' });
    privateId = (await submit(author.auth, opinion(String(w.village._id)))).body.id;
    publicId = (
      await submit(author.auth, opinion(String(w.village._id), { public: true, content: '公开的意见' }))
    ).body.id;
  });

  type Who =
    | 'anonymous'
    | 'author'
    | 'other resident'
    | 'cadre'
    | 'supervisor'
    | 'inspector'
    | 'county inspector'
    | 'admin'
    | 'sibling cadre';
  const auth = async (who: Who): Promise<string | undefined> => {
    const map: Record<Exclude<Who, 'anonymous' | 'author' | 'other resident'>, string> = {
      cadre: w.cadre.auth,
      supervisor: w.supervisor.auth,
      inspector: w.inspector.auth,
      'county inspector': w.countyInspector.auth,
      admin: w.admin.auth,
      'sibling cadre': w.siblingCadre.auth,
    };
    if (who === 'anonymous') return undefined;
    if (who === 'author') return author.auth;
    if (who === 'other resident') return (await makeVillager(t, w.village)).auth;
    return map[who];
  };

  it.each<[Who, number, string | null]>([
    ['anonymous', 404, null],
    ['author', 200, '王小明'],
    ['other resident', 404, null],
    ['cadre', 200, '王小明'],
    ['supervisor', 200, '王小明'],
    ['inspector', 200, '王小明'],
    ['county inspector', 200, '王小明'],
    ['admin', 404, null],
    ['sibling cadre', 404, null],
  ])('a private item: %s → %i', async (who, status, name) => {
    const a = await auth(who);
    const req = t.request.get(`/api/v1/feedback/${privateId}`);
    const res = a ? await req.set('Authorization', a) : await req;
    expect(res.status).toBe(status);
    if (name) expect(res.body.authorName).toBe(name);
    else expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it.each<[Who, string]>([
    ['anonymous', '王*明'],
    ['other resident', '王*明'],
    ['sibling cadre', '王*明'],
    ['cadre', '王小明'],
  ])('a public item: %s sees the name as %s', async (who, name) => {
    const a = await auth(who);
    const req = t.request.get(`/api/v1/feedback/${publicId}`);
    const res = a ? await req.set('Authorization', a) : await req;
    expect(res.status).toBe(200);
    expect(res.body.authorName).toBe(name);
  });

  it('shows the name publicly when the resident chose to', async () => {
    const id = (
      await submit(author.auth, opinion(String(w.village._id), { public: true, showNamePublicly: true }))
    ).body.id;
    const res = await t.request.get(`/api/v1/feedback/${id}`);
    expect(res.body.authorName).toBe('王小明');
  });

  it('lists only the caller’s own items in /feedback/mine', async () => {
    const other = await makeVillager(t, w.village);
    await submit(other.auth, opinion(String(w.village._id), { content: '别人的意见' }));
    const res = await t.request.get('/api/v1/feedback/mine').set('Authorization', author.auth);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((i: FeedbackDto) => i.id).sort()).toEqual([privateId, publicId].sort());
    const theirs = await t.request.get('/api/v1/feedback/mine').set('Authorization', other.auth);
    expect(theirs.body.items.map((i: FeedbackDto) => i.id)).not.toContain(privateId);
  });

  it('hides private replies from the public view but not from the author', async () => {
    await t.request
      .post(`/api/v1/feedback/${publicId}/replies`)
      .set('Authorization', w.cadre.auth)
      .send({ content: '涉及个人信息的答复', public: false });
    const anon = await t.request.get(`/api/v1/feedback/${publicId}`);
    expect(anon.body.timeline.map((e: { kind: string }) => e.kind)).not.toContain('replied');
    const own = await t.request.get(`/api/v1/feedback/${publicId}`).set('Authorization', author.auth);
    expect(own.body.timeline.map((e: { kind: string }) => e.kind)).toContain('replied');
  });
});
