import { Types } from 'mongoose';
import { ZFeedback, type FeedbackDto } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { Notification } from '../notifications/notification.model';
import type { TestApp } from '../test/harness';
import { Feedback } from './feedback.model';
import { makePublishedDisclosure, makeVillager, useFeedbackWorld, type World } from './feedback.testing';

let t: TestApp;
let w: World;
let villager: Awaited<ReturnType<typeof makeVillager>>;

useFeedbackWorld((app, world) => {
  [t, w] = [app, world];
});
beforeEach(async () => {
  villager = await makeVillager(t, w.village, { name: '刘大海' });
});

async function file(extra: Record<string, unknown> = {}): Promise<FeedbackDto> {
  const res = await t.request
    .post('/api/v1/feedback')
    .set('Authorization', await t.bearer(villager.id))
    .send({
      orgId: String(w.village._id),
      type: 'inquiry',
      content: '今年的修路款为什么比预算多了两万元？',
      ...extra,
    });
  expect(res.status).toBe(201);
  return res.body as FeedbackDto;
}

const post = (path: string, auth: string, body: Record<string, unknown> = {}) =>
  t.request.post(`/api/v1${path}`).set('Authorization', auth).send(body);
const kinds = (dto: FeedbackDto) => dto.timeline.map((e) => e.kind);

describe('answering', () => {
  it('accepts, replies and lets the resident rate; every step is on the timeline the resident sees', async () => {
    const item = await file();
    expect((await post(`/feedback/${item.id}/accept`, w.cadre.auth)).status).toBe(200);
    const replied = await post(`/feedback/${item.id}/replies`, w.cadre.auth, {
      content: '因增加了排水沟，已经村民代表会议通过。',
    });
    expect(replied.status).toBe(200);
    expect(replied.body.state).toBe('answered');
    const rated = await post(`/feedback/${item.id}/rating`, villager.auth, { score: 5, comment: '满意' });
    expect(rated.status).toBe(200);
    const seen = ZFeedback.parse(
      (await t.request.get(`/api/v1/feedback/${item.id}`).set('Authorization', villager.auth)).body,
    );
    expect(seen.state).toBe('rated');
    expect(seen.rating).toEqual({ score: 5, comment: '满意' });
    expect(kinds(seen)).toEqual(['submitted', 'accepted', 'replied', 'rated']);
    expect(seen.timeline[2]).toMatchObject({
      actorName: '张村干',
      orgName: '东山村',
      text: '因增加了排水沟，已经村民代表会议通过。',
    });
    expect(await AuditEntry.countDocuments({ 'target.id': item.id })).toBe(4);
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(villager.id),
        kind: 'feedback.replied',
      }),
    ).toBe(1);
  });

  it('makes a reply about a published disclosure public by default, and a reply about nothing private', async () => {
    const disclosureId = await makePublishedDisclosure(w.village);
    const about = await file({ disclosureId, public: true });
    const plain = await file({ public: true });
    await post(`/feedback/${about.id}/replies`, w.cadre.auth, { content: '答复一' });
    await post(`/feedback/${plain.id}/replies`, w.cadre.auth, { content: '答复二' });
    const pub = await t.request.get(`/api/v1/feedback/${about.id}`);
    expect(kinds(pub.body)).toContain('replied');
    const priv = await t.request.get(`/api/v1/feedback/${plain.id}`);
    expect(kinds(priv.body)).not.toContain('replied');
  });

  it.each<[string, 'cadre' | 'supervisor' | 'inspector' | 'siblingCadre' | 'villager', number, string]>([
    ['the village cadre', 'cadre', 200, ''],
    ['a supervisor', 'supervisor', 403, 'FORBIDDEN'],
    ['the township inspector (not escalated)', 'inspector', 403, 'FORBIDDEN'],
    ['a cadre of the sibling village', 'siblingCadre', 404, 'NOT_FOUND'],
    ['the author', 'villager', 403, 'FORBIDDEN'],
  ])('reply by %s (%s) → %i', async (_n, who, status, code) => {
    const item = await file();
    const auth = who === 'villager' ? villager.auth : w[who].auth;
    const res = await post(`/feedback/${item.id}/replies`, auth, { content: '答复' });
    expect(res.status).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
    expect((await Feedback.findById(item.id).lean())!.state).toBe(status === 200 ? 'answered' : 'submitted');
  });

  it.each<[string, string, number, string]>([
    ['rating an unanswered item', 'rating', 409, 'INVALID_STATE'],
    ['escalating an unanswered item before its deadline', 'escalate', 409, 'INVALID_STATE'],
    ['closing an unanswered item', 'close', 409, 'INVALID_STATE'],
  ])('refuses %s', async (_n, step, status, code) => {
    const item = await file();
    const auth = step === 'close' ? w.cadre.auth : villager.auth;
    const res = await post(
      `/feedback/${item.id}/${step}`,
      auth,
      step === 'rating' ? { score: 3 } : { reason: '不满意' },
    );
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    expect((await Feedback.findById(item.id).lean())!.state).toBe('submitted');
  });

  it.each([0, 6, 2.5])('refuses a rating of %p with 400', async (score) => {
    const item = await file();
    await post(`/feedback/${item.id}/replies`, w.cadre.auth, { content: '答复' });
    const res = await post(`/feedback/${item.id}/rating`, villager.auth, { score });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('closes an answered item', async () => {
    const item = await file();
    await post(`/feedback/${item.id}/replies`, w.cadre.auth, { content: '答复' });
    const res = await post(`/feedback/${item.id}/close`, w.cadre.auth, { note: '已现场答复' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('closed');
  });
});

describe('transfer (首问负责制)', () => {
  it('moves the item to the responsible org, keeps the timeline and the deadline, and tells the resident why', async () => {
    const item = await file();
    await post(`/feedback/${item.id}/accept`, w.cadre.auth);
    const res = await post(`/feedback/${item.id}/transfer`, w.cadre.auth, {
      toOrgId: String(w.sibling._id),
      reason: '该路段属西河村管辖',
    });
    expect(res.status).toBe(200);
    const dto = res.body as FeedbackDto;
    expect(dto).toMatchObject({
      state: 'transferred',
      handlingOrgId: String(w.sibling._id),
      dueAt: item.dueAt,
    });
    expect(kinds(dto)).toEqual(['submitted', 'accepted', 'transferred']);
    expect(dto.timeline[2]).toMatchObject({
      orgName: '东山村',
      toOrgName: '西河村',
      text: '该路段属西河村管辖',
    });
    const mine = await t.request.get(`/api/v1/feedback/${item.id}`).set('Authorization', villager.auth);
    expect(mine.body.timeline[2].text).toBe('该路段属西河村管辖');
    const theirInbox = await t.request
      .get(`/api/v1/orgs/${String(w.sibling._id)}/feedback`)
      .set('Authorization', w.siblingCadre.auth);
    expect(theirInbox.body.items.map((i: FeedbackDto) => i.id)).toEqual([item.id]);
    const ourInbox = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/feedback`)
      .set('Authorization', w.cadre.auth);
    expect(ourInbox.body.total).toBe(0);
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(w.siblingCadre.id),
        kind: 'feedback.transferred',
      }),
    ).toBe(1);
    // The receiving org answers it.
    expect(
      (await post(`/feedback/${item.id}/replies`, w.siblingCadre.auth, { content: '已安排维修' })).status,
    ).toBe(200);
  });

  it('refuses a transfer to the same org and one without a reason (400)', async () => {
    const item = await file();
    const same = await post(`/feedback/${item.id}/transfer`, w.cadre.auth, {
      toOrgId: String(w.village._id),
      reason: '无',
    });
    expect(same.status).toBe(400);
    const noReason = await post(`/feedback/${item.id}/transfer`, w.cadre.auth, {
      toOrgId: String(w.sibling._id),
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    expect((await Feedback.findById(item.id).lean())!.handlingOrgId.equals(w.village._id)).toBe(true);
  });
});

describe('escalation', () => {
  it('lets a dissatisfied resident escalate to the township, where the inspector answers under its own deadline', async () => {
    const item = await file();
    await post(`/feedback/${item.id}/replies`, w.cadre.auth, { content: '答复' });
    await post(`/feedback/${item.id}/rating`, villager.auth, { score: 1 });
    t.clock.set('2026-09-21T02:00:00Z');
    const res = await post(`/feedback/${item.id}/escalate`, await t.bearer(villager.id), {
      reason: '答复没有说明钱花在哪里',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'escalated',
      handlingOrgId: String(w.township._id),
      dueDate: '2026-10-08',
    });
    expect(
      await Notification.countDocuments({
        userId: new Types.ObjectId(w.inspector.id),
        kind: 'feedback.escalated',
      }),
    ).toBe(1);
    const inbox = await t.request
      .get(`/api/v1/orgs/${String(w.township._id)}/feedback?status=escalated`)
      .set('Authorization', await t.bearer(w.inspector.id));
    expect(inbox.body.items.map((i: FeedbackDto) => i.id)).toEqual([item.id]);
    // The village cadre may no longer answer it; the township inspector does.
    const cadre = await post(`/feedback/${item.id}/replies`, await t.bearer(w.cadre.id), {
      content: '再答复',
    });
    expect(cadre.status).toBe(403);
    const answered = await post(`/feedback/${item.id}/replies`, await t.bearer(w.inspector.id), {
      content: '经核查，已责令公开明细',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.state).toBe('answered');
  });

  it('lets a resident escalate an unanswered item once it is overdue', async () => {
    const item = await file();
    t.clock.set('2026-10-09T01:00:00Z'); // after 2026-10-08 23:59:59 Shanghai
    const res = await post(`/feedback/${item.id}/escalate`, await t.bearer(villager.id), {
      reason: '超期未答复',
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('escalated');
  });

  it('lets the inspector hand an escalated item back to the village with a reason', async () => {
    const item = await file();
    await post(`/feedback/${item.id}/replies`, w.cadre.auth, { content: '答复' });
    await post(`/feedback/${item.id}/escalate`, villager.auth, { reason: '不满意' });
    const res = await post(`/feedback/${item.id}/transfer`, w.inspector.auth, {
      toOrgId: String(w.village._id),
      reason: '责成东山村重新核实并答复',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'transferred', handlingOrgId: String(w.village._id) });
    expect(kinds(res.body)).toEqual(['submitted', 'replied', 'escalated', 'transferred']);
  });

  it('refuses escalation by someone other than the author (403)', async () => {
    const item = await file();
    await post(`/feedback/${item.id}/replies`, w.cadre.auth, { content: '答复' });
    const res = await post(`/feedback/${item.id}/escalate`, w.cadre.auth, { reason: '代为督办' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});

describe('the inbox', () => {
  it('sorts by time left, marks due-soon and overdue, and filters', async () => {
    const a = await file({ content: '第一条' }); // due 2026-10-08
    t.clock.set('2026-09-25T02:00:00Z');
    const b = await file({ content: '第二条' }); // due 2026-10-10 (a make-up working Saturday)
    await post(`/feedback/${b.id}/replies`, await t.bearer(w.cadre.id), { content: '已答复' });
    const c = await file({ content: '第三条' });
    t.clock.set('2026-10-09T02:00:00Z');
    const auth = await t.bearer(w.cadre.id);
    const inbox = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/feedback`)
      .set('Authorization', auth);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i: FeedbackDto) => i.id)).toEqual([a.id, c.id]);
    expect(inbox.body.items.map((i: FeedbackDto) => [i.overdue, i.dueSoon])).toEqual([
      [true, false],
      [false, true],
    ]);
    const overdue = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/feedback?overdue=true`)
      .set('Authorization', auth);
    expect(overdue.body.items.map((i: FeedbackDto) => i.id)).toEqual([a.id]);
    const answered = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/feedback?status=answered`)
      .set('Authorization', auth);
    expect(answered.body.items.map((i: FeedbackDto) => i.id)).toEqual([b.id]);
    const before = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/feedback?dueBefore=2026-10-09T00:00:00%2B08:00`)
      .set('Authorization', auth);
    expect(before.body.items.map((i: FeedbackDto) => i.id)).toEqual([a.id]);
  });

  it('answers 304 to a client holding the current page, and the new page after a write', async () => {
    await file({ content: '第一条' });
    const get = async (etag?: string) => {
      const req = t.request
        .get(`/api/v1/orgs/${String(w.village._id)}/feedback`)
        .set('Authorization', await t.bearer(w.cadre.id));
      return etag ? req.set('If-None-Match', etag) : req;
    };
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const again = await get(etag);
    expect([again.status, again.text]).toEqual([304, '']);
    await file({ content: '第二条' });
    const changed = await get(etag);
    expect(changed.status).toBe(200);
    expect(changed.body.total).toBe(2);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('stays true to every write, from this or another instance, and to the clock while reused', async () => {
    const a = await file({ content: '第一条' }); // filed on Wednesday 2026-09-16
    // A fresh token each time: the clock moves on by days.
    const inbox = async (org = w.village, cadre = w.cadre) =>
      (
        await t.request
          .get(`/api/v1/orgs/${String(org._id)}/feedback`)
          .set('Authorization', await t.bearer(cadre.id))
          .expect(200)
      ).body as { items: FeedbackDto[]; total: number };
    const first = await inbox();
    expect(first.total).toBe(1);
    const left = first.items[0]!.workdaysLeft!;
    // Reused: its kept bytes are sent, as JSON, plain or compressed.
    for (const encoding of ['identity', 'gzip']) {
      const again = await t.request
        .get(`/api/v1/orgs/${String(w.village._id)}/feedback`)
        .set('Authorization', await t.bearer(w.cadre.id))
        .set('Accept-Encoding', encoding)
        .expect(200);
      expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(again.body).toEqual(first);
    }
    // A write through this instance's API.
    const b = await file({ content: '第二条' });
    expect((await inbox()).items.map((i) => i.id)).toEqual([a.id, b.id]);
    // Another instance's write: the same model, so the same revision bump, but not this app.
    await Feedback.updateOne(
      { _id: new Types.ObjectId(b.id) },
      { $set: { handlingOrgId: w.sibling._id, handlingOrgPath: w.sibling.path } },
    );
    expect((await inbox()).items.map((i) => i.id)).toEqual([a.id]);
    expect((await inbox(w.sibling, w.siblingCadre)).items.map((i) => i.id)).toEqual([b.id]);
    // The clock: from midnight on Thursday one working day less; past the deadline it is overdue.
    t.clock.set('2026-09-16T15:59:59.999Z');
    expect((await inbox()).items[0]!.workdaysLeft).toBe(left);
    t.clock.set('2026-09-16T16:00:00.000Z');
    expect((await inbox()).items[0]!.workdaysLeft).toBe(left - 1);
    t.clock.set(a.dueAt!);
    expect((await inbox()).items[0]!.overdue).toBe(false);
    t.clock.set(new Date(Date.parse(a.dueAt!) + 1).toISOString());
    expect((await inbox()).items[0]!.overdue).toBe(true);
  });

  it.each<
    [
      string,
      (
        | 'anonymous'
        | 'villager'
        | 'cadre'
        | 'supervisor'
        | 'inspector'
        | 'countyInspector'
        | 'admin'
        | 'siblingCadre'
      ),
      number,
    ]
  >([
    ['anonymous', 'anonymous', 401],
    ['a resident', 'villager', 403],
    ['the cadre', 'cadre', 200],
    ['a supervisor', 'supervisor', 403],
    ['the township inspector', 'inspector', 200],
    ['the county inspector', 'countyInspector', 200],
    ['an admin', 'admin', 403],
    ['the sibling village cadre', 'siblingCadre', 403],
  ])('is open to %s (%s) → %i', async (_n, who, status) => {
    const req = t.request.get(`/api/v1/orgs/${String(w.village._id)}/feedback`);
    const auth = who === 'anonymous' ? undefined : who === 'villager' ? villager.auth : w[who].auth;
    const res = auth ? await req.set('Authorization', auth) : await req;
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.body.error.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  });

  it('refuses a bad filter with 400', async () => {
    const res = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/feedback?status=lost`)
      .set('Authorization', w.cadre.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('assisted filing', () => {
  it('records an item filed by a cadre for a villager, which the villager confirms later from any phone', async () => {
    const res = await post(`/orgs/${String(w.village._id)}/feedback/assisted`, w.cadre.auth, {
      type: 'opinion',
      content: '低保名单里有去世的人',
      villagerName: '周老汉',
      channel: 'desk',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      assisted: true,
      confirmed: false,
      authorName: '周老汉',
      dueDate: '2026-10-08',
    });
    expect(res.body.confirmCode).toMatch(/^\d{6}$/);
    expect(res.body.timeline[0]).toMatchObject({
      kind: 'assisted',
      text: expect.stringContaining('便民服务窗口'),
    });
    const phone = await makeVillager(t, w.village);
    const wrong = await post(`/feedback/${res.body.id}/confirm`, phone.auth, {
      code: res.body.confirmCode === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(404);
    const ok = await post(`/feedback/${res.body.id}/confirm`, phone.auth, { code: res.body.confirmCode });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ confirmed: true });
    expect(kinds(ok.body)).toEqual(['assisted', 'confirmed']);
    const mine = await t.request.get('/api/v1/feedback/mine').set('Authorization', phone.auth);
    expect(mine.body.items.map((i: FeedbackDto) => i.id)).toEqual([res.body.id]);
    expect(
      (await post(`/feedback/${res.body.id}/confirm`, phone.auth, { code: res.body.confirmCode })).status,
    ).toBe(404);
  });

  describe('retried with the same Idempotency-Key', () => {
    const filing = { type: 'opinion', content: '村东路灯坏了三盏', villagerName: '周老汉', channel: 'phone' };
    const fileAssisted = (key: string, body: Record<string, unknown> = filing) =>
      t.request
        .post(`/api/v1/orgs/${String(w.village._id)}/feedback/assisted`)
        .set('Authorization', w.cadre.auth)
        .set('Idempotency-Key', key)
        .send(body);
    const confirm = async (id: string, code: string) =>
      post(`/feedback/${id}/confirm`, (await makeVillager(t, w.village)).auth, { code });

    it('stores one item: 201 then 200 with a fresh code, and only the fresh code claims it', async () => {
      const first = await fileAssisted('desk-1');
      const retry = await fileAssisted('desk-1');
      expect([first.status, retry.status]).toEqual([201, 200]);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.body.confirmCode).toMatch(/^\d{6}$/);
      expect(await Feedback.countDocuments({})).toBe(1);
      expect(
        (await AuditEntry.find({ 'target.id': first.body.id }).sort({ seq: 1 }).lean()).map((e) => e.action),
      ).toEqual(['feedback.assist', 'feedback.assist.recode']);
      expect((await confirm(first.body.id, first.body.confirmCode)).status).toBe(404);
      expect((await confirm(first.body.id, retry.body.confirmCode)).status).toBe(200);
    });

    it('gives no code once the villager has claimed the item', async () => {
      const first = await fileAssisted('desk-2');
      expect((await confirm(first.body.id, first.body.confirmCode)).status).toBe(200);
      const retry = await fileAssisted('desk-2');
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ id: first.body.id, confirmed: true });
      expect(retry.body).not.toHaveProperty('confirmCode');
    });

    it('refuses the key with another filing as 409 CONFLICT and stores nothing new', async () => {
      expect((await fileAssisted('desk-3')).status).toBe(201);
      const other = await fileAssisted('desk-3', { ...filing, villagerName: '王大娘' });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('CONFLICT');
      expect(await Feedback.countDocuments({})).toBe(1);
    });
  });

  it.each<['supervisor' | 'siblingCadre' | 'inspector', number]>([
    ['supervisor', 403],
    ['siblingCadre', 403],
    ['inspector', 403],
  ])('is refused to %s', async (who, status) => {
    const res = await post(`/orgs/${String(w.village._id)}/feedback/assisted`, w[who].auth, {
      type: 'opinion',
      content: '内容',
      villagerName: '周老汉',
      channel: 'phone',
    });
    expect(res.status).toBe(status);
    expect(await Feedback.countDocuments({})).toBe(0);
  });
});

describe('answer templates', () => {
  it('lets cadres keep templates per category and others not see them', async () => {
    const created = await post(`/orgs/${String(w.village._id)}/answer-templates`, w.cadre.auth, {
      category: '财务',
      title: '收支明细说明',
      content: '您好，相关收支明细已在公开栏公布，欢迎查阅。',
    });
    expect(created.status).toBe(201);
    await post(`/orgs/${String(w.village._id)}/answer-templates`, w.cadre.auth, {
      category: '环境',
      title: '垃圾清运',
      content: '已安排清运。',
    });
    const list = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/answer-templates?category=财务`)
      .set('Authorization', w.cadre.auth);
    expect(list.body.items.map((i: { title: string }) => i.title)).toEqual(['收支明细说明']);
    const other = await t.request
      .get(`/api/v1/orgs/${String(w.village._id)}/answer-templates`)
      .set('Authorization', w.siblingCadre.auth);
    expect(other.status).toBe(403);
  });
});

describe('authorization matrix of the workflow steps', () => {
  type Who =
    | 'anonymous'
    | 'author'
    | 'otherResident'
    | 'cadre'
    | 'supervisor'
    | 'inspector'
    | 'admin'
    | 'siblingCadre';
  const WHO: Who[] = [
    'anonymous',
    'author',
    'otherResident',
    'cadre',
    'supervisor',
    'inspector',
    'admin',
    'siblingCadre',
  ];
  // The handling cadre's steps and the author's: who else sees the item gets 403, who cannot 404.
  const CADRE_STEP: Record<Who, number> = {
    anonymous: 401,
    author: 403,
    otherResident: 404,
    cadre: 200,
    supervisor: 403,
    inspector: 403,
    admin: 404,
    siblingCadre: 404,
  };
  const AUTHOR_STEP: Record<Who, number> = {
    anonymous: 401,
    author: 200,
    otherResident: 404,
    cadre: 403,
    supervisor: 403,
    inspector: 403,
    admin: 404,
    siblingCadre: 404,
  };
  // Steps on a fresh item (accept, transfer) and on an answered one (close, rating, escalate).
  const EXPECTED: Record<string, Record<Who, number>> = {
    accept: CADRE_STEP,
    transfer: CADRE_STEP,
    close: CADRE_STEP,
    rating: AUTHOR_STEP,
    escalate: AUTHOR_STEP,
  };
  const BODY: Record<string, Record<string, unknown>> = {
    accept: {},
    transfer: { toOrgId: '', reason: '属地管理' },
    close: { note: '办结' },
    rating: { score: 4 },
    escalate: { reason: '不满意' },
  };
  const rows = Object.entries(EXPECTED).flatMap(([step, byWho]) =>
    WHO.map((who) => [step, who, byWho[who]] as const),
  );

  it.each(rows)('%s by %s → %i', async (step, who, status) => {
    const item = await file();
    if (['close', 'rating', 'escalate'].includes(step)) {
      await post(`/feedback/${item.id}/replies`, w.cadre.auth, { content: '答复' });
    }
    const body = step === 'transfer' ? { ...BODY.transfer, toOrgId: String(w.sibling._id) } : BODY[step];
    const auth =
      who === 'anonymous'
        ? undefined
        : who === 'author'
          ? villager.auth
          : who === 'otherResident'
            ? (await makeVillager(t, w.village)).auth
            : w[who].auth;
    const req = t.request.post(`/api/v1/feedback/${item.id}/${step}`);
    const res = auth ? await req.set('Authorization', auth).send(body) : await req.send(body);
    expect(res.status).toBe(status);
    const codes: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };
    if (status !== 200) expect(res.body.error.code).toBe(codes[status]);
    const audits = await AuditEntry.countDocuments({
      'target.id': item.id,
      action: { $ne: 'feedback.submit' },
    });
    const before = ['close', 'rating', 'escalate'].includes(step) ? 1 : 0;
    expect(audits).toBe(before + (status === 200 ? 1 : 0));
  });
});

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED after 20 submissions in an hour by one user', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await t.request
        .post('/api/v1/feedback')
        .set('Authorization', villager.auth)
        .send({ orgId: String(w.village._id), type: 'opinion', content: `第${i}条意见` });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.error.code).toBe('RATE_LIMITED');
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
    expect(await Feedback.countDocuments({})).toBe(20);
  });
});
