import mongoose, { Types } from 'mongoose';
import type { FeedbackDto } from '@sanwu/shared';
import { Feedback } from '../feedback/feedback.model';
import { Obligation } from '../feedback/feedback-extras.model';
import {
  addRegistry,
  makePublishedDisclosure,
  makeVillager,
  useFeedbackWorld,
  type World,
} from '../feedback/feedback.testing';
import { Notification } from '../notifications/notification.model';
import type { TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import { checkFeedback } from './deadline-checks';
import { acquireLease } from './lease';
import { createScheduler, type Scheduler } from './scheduler';

let t: TestApp;
let w: World;
let scheduler: Scheduler;
const logger = captureLogger().logger;

useFeedbackWorld((app, world) => {
  [t, w] = [app, world];
});
beforeEach(() => {
  scheduler = createScheduler({ clock: t.clock.now, logger, instanceId: 'a' });
});
afterEach(() => jest.restoreAllMocks());

/** An opinion filed 2026-09-16 10:00: due 2026-10-08 (15 days end in National Day). */
async function fileOpinion(extra: Record<string, unknown> = {}) {
  const v = await makeVillager(t, w.village);
  const res = await t.request
    .post('/api/v1/feedback')
    .set('Authorization', v.auth)
    .send({ orgId: String(w.village._id), type: 'opinion', content: '文化广场的健身器材坏了', ...extra });
  expect(res.status).toBe(201);
  return { item: res.body as FeedbackDto, villager: v };
}

const count = (filter: Record<string, unknown>) => Notification.countDocuments(filter);
const to = (id: string) => new Types.ObjectId(id);

describe('the deadline sweep', () => {
  it('reminds 3 working days before and on the due day, then marks overdue, each exactly once', async () => {
    const { item, villager } = await fileOpinion({ public: true });
    // 3 working days before 2026-10-08 is 2026-09-28 (National Day is not counted).
    t.clock.set('2026-09-27T15:59:00Z'); // 23:59 on 09-27 in Shanghai
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.reminder' })).toBe(0);

    t.clock.set('2026-09-28T01:00:00Z');
    expect((await scheduler.sweep()).feedback).toBe(1);
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.reminder', userId: to(w.cadre.id) })).toBe(1);

    t.clock.set('2026-10-08T01:00:00Z');
    await scheduler.sweep();
    await scheduler.sweep();
    const reminders = await Notification.find({ kind: 'feedback.reminder' }).sort({ createdAt: 1 }).lean();
    expect(reminders.map((n) => n.title)).toEqual(['意见建议即将到期', '意见建议今日到期']);

    t.clock.set('2026-10-08T15:59:59Z'); // the due day's last second: not yet overdue
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.overdue' })).toBe(0);

    t.clock.set('2026-10-09T00:30:00Z');
    await scheduler.sweep();
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.overdue', userId: to(w.cadre.id) })).toBe(1);
    expect(await count({ kind: 'feedback.overdue', userId: to(w.inspector.id) })).toBe(1);
    expect(await count({ kind: 'feedback.overdue', userId: to(villager.id) })).toBe(1);
    const stored = await Feedback.findById(item.id).lean();
    expect(stored).toMatchObject({ overdueAt: t.clock.now(), nextCheckAt: null });
    // The public timeline says it is overdue.
    const pub = await t.request.get(`/api/v1/feedback/${item.id}`);
    expect(pub.body.overdue).toBe(true);
    expect(pub.body.timeline.filter((e: { kind: string }) => e.kind === 'overdue')).toHaveLength(1);
  });

  it('sends only the latest reminder when it sweeps late (after downtime)', async () => {
    await fileOpinion();
    t.clock.set('2026-10-09T00:30:00Z');
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.reminder' })).toBe(0);
    expect(await count({ kind: 'feedback.overdue', userId: to(w.cadre.id) })).toBe(1);
  });

  it('stops reminding once the item is answered', async () => {
    const { item } = await fileOpinion();
    await t.request
      .post(`/api/v1/feedback/${item.id}/replies`)
      .set('Authorization', w.cadre.auth)
      .send({ content: '已维修' });
    t.clock.set('2026-10-09T00:30:00Z');
    await scheduler.sweep();
    expect(await count({ kind: { $in: ['feedback.reminder', 'feedback.overdue'] } })).toBe(0);
  });

  it('reminds the township inspector, not the village, about an escalated item and its own deadline', async () => {
    const { item, villager } = await fileOpinion();
    await t.request
      .post(`/api/v1/feedback/${item.id}/replies`)
      .set('Authorization', w.cadre.auth)
      .send({ content: '答复' });
    await t.request
      .post(`/api/v1/feedback/${item.id}/escalate`)
      .set('Authorization', villager.auth)
      .send({ reason: '不满意' });
    const escalated = await Feedback.findById(item.id).lean();
    expect(escalated!.dueDate).toBe('2026-10-08');
    t.clock.set('2026-10-09T00:30:00Z');
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.overdue', userId: to(w.inspector.id) })).toBe(1);
    expect(await count({ kind: 'feedback.overdue', userId: to(w.cadre.id) })).toBe(0);
    // Escalation notices for overdue items go to the inspectors above the handling org (the county).
    expect(await count({ kind: 'feedback.overdue', userId: to(w.countyInspector.id) })).toBe(1);
  });

  it('reads only items with a check due (the nextCheckAt index)', async () => {
    await fileOpinion();
    const spy = jest.spyOn(Feedback, 'find');
    t.clock.set('2026-09-20T00:00:00Z');
    await scheduler.sweep();
    expect(spy).toHaveBeenCalledWith({ nextCheckAt: { $lte: t.clock.now() } });
    expect(await count({ kind: 'feedback.reminder' })).toBe(0);
  });
});

describe('several instances and crashes', () => {
  it('never double-notifies when two instances sweep at once', async () => {
    for (let i = 0; i < 5; i++) await fileOpinion({ content: `第${i}条` });
    const other = createScheduler({ clock: t.clock.now, logger, instanceId: 'b' });
    t.clock.set('2026-10-09T00:30:00Z');
    const reports = await Promise.all([scheduler.sweep(), other.sweep(), scheduler.sweep(), other.sweep()]);
    expect(reports.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    await Promise.all([scheduler.sweep(), other.sweep()]);
    expect(await count({ kind: 'feedback.overdue', userId: to(w.cadre.id) })).toBe(5);
    const items = await Feedback.find({}).lean();
    expect(items.every((i) => i.timeline.filter((e) => e.kind === 'overdue').length === 1)).toBe(true);
  });

  it('keeps one notification even when the same checkpoint is processed twice concurrently (no lease)', async () => {
    await fileOpinion();
    t.clock.set('2026-09-28T01:00:00Z');
    const due = await Feedback.find({}).lean();
    await Promise.all([
      checkFeedback(due[0]!, t.clock.now(), { workdaysBefore: 3, onDueDay: true }),
      checkFeedback(due[0]!, t.clock.now(), { workdaysBefore: 3, onDueDay: true }),
    ]);
    expect(await count({ kind: 'feedback.reminder' })).toBe(1);
  });

  it('lets only one holder take the lease until it runs out', async () => {
    const now = new Date('2026-09-16T02:00:00Z');
    expect(await acquireLease('x', 'a', now, 60_000)).toBe(true);
    expect(await acquireLease('x', 'b', now, 60_000)).toBe(false);
    expect(await acquireLease('x', 'a', new Date(now.getTime() + 1000), 60_000)).toBe(true); // renewal
    expect(await acquireLease('x', 'b', new Date(now.getTime() + 61_001), 60_000)).toBe(true);
  });

  it('loses nothing and sends nothing twice when a sweep crashes midway', async () => {
    await fileOpinion();
    t.clock.set('2026-09-28T01:00:00Z');
    // The crash: the reminder was stored, but moving nextCheckAt on failed.
    jest.spyOn(Feedback, 'updateOne').mockRejectedValueOnce(new Error('connection lost'));
    await expect(scheduler.sweep()).rejects.toThrow('connection lost');
    expect(await count({ kind: 'feedback.reminder' })).toBe(1);
    jest.restoreAllMocks();
    await scheduler.sweep();
    expect(await count({ kind: 'feedback.reminder' })).toBe(1);
    expect((await Feedback.findOne({}).lean())!.nextCheckAt).toEqual(new Date('2026-10-07T16:00:00Z'));
  });
});

describe('obligations', () => {
  async function reachCorrection() {
    await addRegistry(w.village, 1);
    const v = await makeVillager(t, w.village); // 2 villagers: one objection is half
    const disclosureId = await makePublishedDisclosure(w.village);
    const res = await t.request
      .post('/api/v1/feedback')
      .set('Authorization', v.auth)
      .send({ orgId: String(w.village._id), type: 'objection', disclosureId, content: '名单有误' });
    expect(res.status).toBe(201);
    return disclosureId;
  }

  it('tells the inspectors when a correction deadline passes unmet', async () => {
    await reachCorrection();
    const ob = await Obligation.findOne({}).lean();
    // 5 working days from 09-16: 17, 18, 20 (make-up Sunday), 21, 22.
    expect(ob!.dueDate).toBe('2026-09-22');
    t.clock.set('2026-09-23T01:00:00Z');
    await scheduler.sweep();
    await scheduler.sweep();
    expect(await count({ kind: 'obligation.overdue', userId: to(w.inspector.id) })).toBe(1);
    expect((await Obligation.findOne({}).lean())!.overdueAt).toEqual(t.clock.now());
  });

  it('records the correction as met once a corrected version is published', async () => {
    const disclosureId = await reachCorrection();
    await mongoose.connection
      .collection('disclosures')
      .updateOne(
        { _id: new Types.ObjectId(disclosureId) },
        { $set: { lastPublishedAt: new Date('2026-09-18T02:00:00Z') } },
      );
    t.clock.set('2026-09-24T01:00:00Z');
    await scheduler.sweep();
    expect((await Obligation.findOne({}).lean())!.metAt).toEqual(t.clock.now());
    expect(await count({ kind: 'obligation.overdue' })).toBe(0);
  });
});

describe('start and stop', () => {
  it('sweeps on its interval and stops cleanly', async () => {
    await fileOpinion();
    t.clock.set('2026-10-09T00:30:00Z');
    const timed = createScheduler({ clock: t.clock.now, logger, instanceId: 'timer', intervalMs: 20 });
    timed.start();
    await new Promise((r) => setTimeout(r, 300));
    await timed.stop();
    expect(await count({ kind: 'feedback.overdue', userId: to(w.cadre.id) })).toBe(1);
  });
});
