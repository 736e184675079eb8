import mongoose, { Types } from 'mongoose';
import type { FeedbackDto } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { OWED_CHECK_AFTER_MS } from '../audit/audits-owed';
import { verifyAuditChains } from '../audit/verify-chain';
import { Notification } from '../notifications/notification.model';
import type { Scheduler } from '../scheduler/scheduler';
import type { TestApp } from '../test/harness';
import { JointSignature, Obligation } from './feedback-extras.model';
import { Feedback } from './feedback.model';
import { addRegistry, makeVillager, useFeedbackSweep, type World } from './feedback.testing';

let t: TestApp;
let w: World;
let scheduler: Scheduler;

useFeedbackSweep((app, world, sweeping) => {
  [t, w, scheduler] = [app, world, sweeping];
});

const lost = () => Promise.reject(new mongoose.mongo.MongoNetworkError('connection lost'));

/** Where the co-signer's request stops, its signature already stored. */
const cuts: [string, () => void][] = [
  [
    'before its step on the timeline',
    () => jest.spyOn(Feedback.collection, 'updateOne').mockImplementation(lost),
  ],
  ['before its audit entry', () => jest.spyOn(AuditEntry.collection, 'insertMany').mockImplementation(lost)],
  [
    'before the threshold check',
    () => jest.spyOn(Feedback.collection, 'findOneAndUpdate').mockImplementation(lost),
  ],
];

/** A joint request by one villager, and a second villager to co-sign it: with 20 on the registry, a tenth is 2. */
async function jointRequest(): Promise<{ id: string; creator: string; cosigner: string }> {
  const creator = await makeVillager(t, w.village);
  const cosigner = await makeVillager(t, w.village);
  const res = await t.request
    .post('/api/v1/feedback')
    .set('Authorization', creator.auth)
    .send({ orgId: String(w.village._id), type: 'joint_request', content: '请公开村集体鱼塘承包合同' });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.id as string, creator: creator.auth, cosigner: cosigner.auth };
}

const cosign = (id: string, auth: string) =>
  t.request.post(`/api/v1/feedback/${id}/cosign`).set('Authorization', auth);

/** What a reader and the org see of a joint request. */
async function outcome(id: string, auth: string) {
  const item = (await t.request.get(`/api/v1/feedback/${id}`).set('Authorization', auth)).body as FeedbackDto;
  const target = { 'target.id': id };
  const feedbackId = new Types.ObjectId(id);
  return {
    timeline: item.timeline.map((e) => [e.kind, e.text, e.at]),
    dueAt: item.dueAt,
    dueDate: item.dueDate,
    obligations: await Obligation.countDocuments({ kind: 'disclose', feedbackId }),
    notices: await Notification.countDocuments({ kind: 'joint.reached', feedbackId }),
    cosignEntries: await AuditEntry.countDocuments({ ...target, action: 'feedback.cosign' }),
    reachedEntries: await AuditEntry.countDocuments({ ...target, action: 'feedback.joint-reached' }),
  };
}

const sweepAt = (ms: number, from: Date) => {
  t.clock.set(new Date(from.getTime() + ms));
  return scheduler.sweep();
};

describe('a co-signature whose request is cut short after the signature was stored', () => {
  beforeEach(() => addRegistry(w.village, 16)); // 4 villagers made below: 20 on the registry

  it.each(cuts)(
    '%s: the sweep completes it as of its time, exactly like one that went through',
    async (_where, cut) => {
      const through = await jointRequest();
      const cutShort = await jointRequest();
      t.clock.advance(60_000);
      const signedAt = t.clock.now();
      expect((await cosign(through.id, through.cosigner)).status).toBe(200);
      cut();
      expect((await cosign(cutShort.id, cutShort.cosigner)).status).toBe(503);
      jest.restoreAllMocks();
      expect(await JointSignature.countDocuments({ feedbackId: new Types.ObjectId(cutShort.id) })).toBe(2);
      const expected = await outcome(through.id, through.creator);
      expect(expected).toMatchObject({ dueDate: expect.any(String), obligations: 1, cosignEntries: 2 });
      expect(expected.notices).toBeGreaterThan(0);
      expect(await outcome(cutShort.id, cutShort.creator)).not.toEqual(expected);

      // Too early to tell a lost step from a slow request: only the creators' signatures, a minute older.
      expect((await sweepAt(OWED_CHECK_AFTER_MS - 1000, signedAt)).signatures).toBe(2);
      expect(await outcome(cutShort.id, cutShort.creator)).not.toEqual(expected);
      // The co-signers' signatures, each looked at once.
      expect((await sweepAt(OWED_CHECK_AFTER_MS + 60_000, signedAt)).signatures).toBe(2);
      expect(await outcome(cutShort.id, cutShort.creator)).toEqual(expected);
      expect((await Feedback.findById(cutShort.id).lean())!.reachedAt).toEqual(signedAt);

      expect((await scheduler.sweep()).signatures).toBe(0);
      expect(await outcome(cutShort.id, cutShort.creator)).toEqual(expected);
      expect(await outcome(through.id, through.creator)).toEqual(expected);
      expect((await verifyAuditChains()).broken).toEqual([]);
    },
  );

  it('a signature below the threshold gets its step and entry, and starts no deadline', async () => {
    await addRegistry(w.village, 10); // 30 on the registry: a tenth is 3
    const request = await jointRequest();
    t.clock.advance(60_000);
    const signedAt = t.clock.now();
    jest.spyOn(Feedback.collection, 'updateOne').mockImplementation(lost);
    expect((await cosign(request.id, request.cosigner)).status).toBe(503);
    jest.restoreAllMocks();
    expect((await sweepAt(OWED_CHECK_AFTER_MS + 60_000, signedAt)).signatures).toBe(2);
    expect(await outcome(request.id, request.creator)).toMatchObject({
      timeline: [
        ['submitted', null, expect.any(String)],
        ['cosigned', '又一位村民联名，共 2 人', signedAt.toISOString()],
      ],
      dueAt: null,
      obligations: 0,
      cosignEntries: 2,
      reachedEntries: 0,
    });
  });
});
