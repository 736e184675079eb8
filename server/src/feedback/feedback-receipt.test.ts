import mongoose, { Types } from 'mongoose';
import { AuditEntry } from '../audit/audit.model';
import { verifyAuditChains } from '../audit/verify-chain';
import { Notification } from '../notifications/notification.model';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import type { TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import { JointSignature, Obligation } from './feedback-extras.model';
import { Feedback } from './feedback.model';
import { RECEIPT_CHECK_AFTER_MS } from './feedback-receipt';
import {
  FEEDBACK_START,
  makePublishedDisclosure,
  makeVillager,
  useFeedbackSweep,
  type World,
} from './feedback.testing';

let t: TestApp;
let w: World;
let scheduler: Scheduler;

useFeedbackSweep((app, world, sweeping) => {
  [t, w, scheduler] = [app, world, sweeping];
});

/** What a filing of each kind owes once stored, counted from the database. */
interface Owed {
  audit: number;
  received: number;
  signatures: number;
  corrections: number;
}

async function owedFor(id: string): Promise<Owed> {
  const feedbackId = new Types.ObjectId(id);
  return {
    audit: await AuditEntry.countDocuments({
      'target.id': id,
      action: { $in: ['feedback.submit', 'feedback.assist'] },
    }),
    received: await Notification.countDocuments({ feedbackId, kind: 'feedback.received' }),
    signatures: await JointSignature.countDocuments({ feedbackId }),
    corrections: await Obligation.countDocuments({ kind: 'correction' }),
  };
}

interface Case {
  name: string;
  /** Sets up who files (signing in writes to the database too), then answers the filing itself. */
  prepare: () => Promise<() => Promise<Filed>>;
  owed: Owed;
}

interface Filed {
  status: number;
  id?: string;
}

const submitAs = async (auth: string, body: Record<string, unknown>): Promise<Filed> => {
  const res = await t.request.post('/api/v1/feedback').set('Authorization', auth).send(body);
  return { status: res.status, id: res.body.id as string | undefined };
};

/** A verified villager of the village, about to file `body`. */
const villagerFiling = (body: Record<string, unknown>) => async () => {
  const { auth } = await makeVillager(t, w.village);
  return () => submitAs(auth, { orgId: String(w.village._id), ...body });
};

const cases: Case[] = [
  {
    name: 'an opinion: its audit entry and the cadres’ notice',
    prepare: villagerFiling({ type: 'opinion', content: '村口路灯坏了三盏' }),
    owed: { audit: 1, received: 1, signatures: 0, corrections: 0 },
  },
  {
    name: 'a report: the notice goes to the inspectors above',
    prepare: villagerFiling({ type: 'report', content: '村务公开栏三个月没有更新' }),
    owed: { audit: 1, received: 1, signatures: 0, corrections: 0 },
  },
  {
    name: 'a joint request: the author’s own signature too',
    prepare: villagerFiling({ type: 'joint_request', content: '请公开村集体鱼塘承包合同' }),
    owed: { audit: 1, received: 1, signatures: 1, corrections: 0 },
  },
  {
    name: 'the objection that reaches half the registry: the correction it starts',
    // The only villager on the registry: one objection is more than half.
    prepare: async () =>
      villagerFiling({
        type: 'objection',
        content: '第三组的补偿款算错了',
        disclosureId: await makePublishedDisclosure(w.village),
      })(),
    owed: { audit: 1, received: 1, signatures: 0, corrections: 1 },
  },
  {
    name: 'an assisted filing: the cadre’s audit entry (nobody to notify)',
    prepare: async () => async () => {
      const res = await t.request
        .post(`/api/v1/orgs/${String(w.village._id)}/feedback/assisted`)
        .set('Authorization', w.cadre.auth)
        .send({ type: 'opinion', content: '低保名单要复核', villagerName: '周老汉', channel: 'phone' });
      return { status: res.status, id: res.body.id as string | undefined };
    },
    owed: { audit: 1, received: 0, signatures: 0, corrections: 0 },
  },
];

const at = (msAfterStart: number) =>
  new Date(new Date(FEEDBACK_START).getTime() + msAfterStart).toISOString();
const nothingOwed = { audit: 0, received: 0, signatures: 0, corrections: 0 };

/** The database goes away right after the item's insert: the audit entry and the notices fail. */
function loseDatabaseAfterInsert(): void {
  const lost = () => Promise.reject(new mongoose.mongo.MongoNetworkError('connection lost'));
  jest.spyOn(AuditEntry.collection, 'insertMany').mockImplementation(lost);
  jest.spyOn(Notification, 'bulkWrite').mockImplementation(lost);
}

describe('a filing cut short after its item was stored', () => {
  it.each(cases)('$name: completed by the sweep once the request is surely over, exactly once', async (c) => {
    const file = await c.prepare();
    loseDatabaseAfterInsert();
    const { status } = await file();
    expect(status).toBe(503);
    jest.restoreAllMocks();
    const [item] = await Feedback.find({}).lean();
    const id = String(item!._id);
    expect(item!.receipt?.checkAt).toEqual(new Date(at(RECEIPT_CHECK_AFTER_MS)));
    expect(await owedFor(id)).toEqual(nothingOwed);

    // A request may still be waiting on the database: too early to tell a lost step from a slow one.
    t.clock.set(at(RECEIPT_CHECK_AFTER_MS - 1000));
    expect((await scheduler.sweep()).receipts).toBe(0);
    expect(await owedFor(id)).toEqual(nothingOwed);

    t.clock.set(at(RECEIPT_CHECK_AFTER_MS + 60_000));
    expect((await scheduler.sweep()).receipts).toBe(1);
    expect(await owedFor(id)).toEqual(c.owed);
    expect((await Feedback.findById(id).lean())!.receipt).toBeUndefined();
    expect((await scheduler.sweep()).receipts).toBe(0);
    expect(await owedFor(id)).toEqual(c.owed);
    expect((await verifyAuditChains()).ok).toBe(true);
  });

  it.each(cases)('$name: a filing that went through is checked and left as it was', async (c) => {
    const { status, id } = await (await c.prepare())();
    expect(status).toBe(201);
    expect(await owedFor(id!)).toEqual(c.owed);
    t.clock.set(at(RECEIPT_CHECK_AFTER_MS + 60_000));
    expect((await scheduler.sweep()).receipts).toBe(1);
    expect(await owedFor(id!)).toEqual(c.owed);
    expect((await Feedback.findById(id).lean())!.receipt).toBeUndefined();
  });

  it('writes the audit entry the request would have written', async () => {
    // Everything but what differs between two entries of one chain (and the two requests' ids).
    const entryOf = async (id: string) => {
      const stored = (await AuditEntry.findOne({ 'target.id': id, action: 'feedback.submit' }).lean())!;
      const { orgId, at: when, actorId, actorRole, action, ip, summary } = stored;
      return { orgId, at: when, actorId, actorRole, action, ip, summary, target: stored.target?.type };
    };
    const villager = await makeVillager(t, w.village);
    const body = { orgId: String(w.village._id), type: 'opinion', content: '垃圾清运不及时' };
    const through = await submitAs(villager.auth, body);
    loseDatabaseAfterInsert();
    const cut = await submitAs(villager.auth, body);
    jest.restoreAllMocks();
    const cutId = String((await Feedback.findOne({ _id: { $ne: through.id } }).lean())!._id);
    t.clock.set(at(RECEIPT_CHECK_AFTER_MS + 60_000));
    await scheduler.sweep();
    expect(cut.status).toBe(503);
    expect(await entryOf(cutId)).toEqual(await entryOf(through.id!));
  });

  it('a filing that cannot be completed is logged and tried again, without holding up the others', async () => {
    const villager = await makeVillager(t, w.village);
    const body = { orgId: String(w.village._id), type: 'opinion' };
    loseDatabaseAfterInsert();
    await submitAs(villager.auth, { ...body, content: '第一条' });
    await submitAs(villager.auth, { ...body, content: '第二条' });
    jest.restoreAllMocks();
    const log = captureLogger();
    const sweeping = createScheduler({ clock: t.clock.now, logger: log.logger, instanceId: 'a' });
    jest
      .spyOn(AuditEntry, 'exists')
      .mockImplementationOnce(() => Promise.reject(new Error('unexpected')) as never);
    t.clock.set(at(RECEIPT_CHECK_AFTER_MS + 60_000));
    expect((await sweeping.sweep()).receipts).toBe(1);
    const left = await Feedback.find({ receipt: { $exists: true } }).lean();
    expect(left).toHaveLength(1);
    // Its audit entry is still owed (the notice, sent alongside, may have gone: it is idempotent).
    expect((await owedFor(String(left[0]!._id))).audit).toBe(0);
    expect(log.lines().filter((l) => l.msg === 'filing receipt not completed')).toMatchObject([
      { feedbackId: String(left[0]!._id) },
    ]);

    expect((await sweeping.sweep()).receipts).toBe(1);
    expect(await owedFor(String(left[0]!._id))).toEqual(cases[0]!.owed);
  });
});
