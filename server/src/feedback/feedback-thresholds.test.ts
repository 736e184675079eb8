import mongoose, { Types } from 'mongoose';
import type { FeedbackDto, JointRequestStatusDto } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { Notification } from '../notifications/notification.model';
import { createScheduler } from '../scheduler/scheduler';
import { captureLogger } from '../test/test-config';
import { disclosureGateway } from './disclosure-gateway';
import { startTestApp, type TestApp } from '../test/harness';
import { Feedback } from './feedback.model';
import { JointSignature, Obligation } from './feedback-extras.model';
import {
  addRegistry,
  makePublishedDisclosure,
  makeVillager,
  makeWorld,
  type World,
} from './feedback.testing';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-09-29T02:00:00Z' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.reset();
  t.clock.set('2026-09-29T02:00:00Z');
  w = await makeWorld(t);
});

const submit = (auth: string, body: Record<string, unknown>) =>
  t.request.post('/api/v1/feedback').set('Authorization', auth).send(body);

describe('objections', () => {
  // Registry of 6 adult villagers (the objectors are on it too): 半数以上 means 3.
  async function villagers(n: number) {
    const list = [];
    for (let i = 0; i < n; i++) list.push(await makeVillager(t, w.village));
    return list;
  }

  it('flags the disclosure exactly when objections reach half of the registry, once, and tells everyone concerned', async () => {
    const objectors = await villagers(3);
    await addRegistry(w.village, 3); // 6 registered villagers
    const disclosureId = await makePublishedDisclosure(w.village);
    const object = (v: { auth: string }) =>
      submit(v.auth, { orgId: String(w.village._id), type: 'objection', disclosureId, content: '金额有误' });

    for (const v of objectors.slice(0, 2)) expect((await object(v)).status).toBe(201);
    expect(await Obligation.countDocuments({})).toBe(0); // 2 × 2 < 6
    const raw = mongoose.connection.collection('disclosures');
    expect(
      (await raw.findOne({ _id: new Types.ObjectId(disclosureId) }))!.correctionRequired,
    ).toBeUndefined();

    expect((await object(objectors[2]!)).status).toBe(201); // 3 × 2 ≥ 6: reached at the boundary
    const ob = await Obligation.findOne({ kind: 'correction' }).lean();
    // 5 working days from 2026-09-29: 30, then National Day, then 10-08, 09, 10 (make-up Saturday), 12.
    expect(ob).toMatchObject({ dueDate: '2026-10-12' });
    const flagged = await raw.findOne({ _id: new Types.ObjectId(disclosureId) });
    expect(flagged!.correctionRequired).toMatchObject({ reason: expect.stringContaining('半数以上') });
    const told = await Notification.find({ kind: 'objection.reached' }).lean();
    expect(told.map((n) => String(n.userId)).sort()).toEqual(
      [w.cadre.id, w.supervisor.id, w.inspector.id].sort(),
    );

    // A fourth objection changes nothing: one flag, one deadline, one notice.
    const late = await makeVillager(t, w.village);
    expect((await object(late)).status).toBe(201);
    expect(await Obligation.countDocuments({})).toBe(1);
    expect(await Notification.countDocuments({ kind: 'objection.reached' })).toBe(3);
  });

  it('keeps the objection and lets the next sweep finish the announcement when flagging fails midway', async () => {
    const [v] = await villagers(1); // the only villager: one objection is half
    const disclosureId = await makePublishedDisclosure(w.village);
    const spy = jest
      .spyOn(disclosureGateway, 'flagForCorrection')
      .mockRejectedValueOnce(new Error('connection lost'));
    const res = await submit(v!.auth, {
      orgId: String(w.village._id),
      type: 'objection',
      disclosureId,
      content: '不同意',
    });
    expect(res.status).toBe(201);
    expect(await Obligation.findOne({}).lean()).toMatchObject({ announcedAt: null });
    expect(await Notification.countDocuments({ kind: 'objection.reached' })).toBe(0);
    spy.mockRestore();
    const scheduler = createScheduler({ clock: t.clock.now, logger: captureLogger().logger });
    await scheduler.sweep();
    await scheduler.sweep();
    const raw = await mongoose.connection
      .collection('disclosures')
      .findOne({ _id: new Types.ObjectId(disclosureId) });
    expect(raw!.correctionRequired).toBeDefined();
    expect(await Notification.countDocuments({ kind: 'objection.reached' })).toBe(3);
    expect(await Obligation.findOne({}).lean()).toMatchObject({ announcedAt: t.clock.now() });
    expect(await AuditEntry.countDocuments({ action: 'disclosure.correction-required' })).toBe(1);
  });

  it('counts each verified villager once: a second objection by the same person is 409', async () => {
    const [v] = await villagers(1);
    const disclosureId = await makePublishedDisclosure(w.village);
    const body = { orgId: String(w.village._id), type: 'objection', disclosureId, content: '不同意' };
    expect((await submit(v!.auth, body)).status).toBe(201);
    const again = await submit(v!.auth, { ...body, content: '还是不同意' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(await Feedback.countDocuments({ type: 'objection' })).toBe(1);
  });

  it('refuses an objection to another village’s disclosure (400)', async () => {
    const [v] = await villagers(1);
    const disclosureId = await makePublishedDisclosure(w.sibling);
    const res = await submit(v!.auth, {
      orgId: String(w.village._id),
      type: 'objection',
      disclosureId,
      content: '不同意',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('joint requests', () => {
  it('becomes an obligation to disclose by a deadline once a tenth of the villagers signed', async () => {
    const creator = await makeVillager(t, w.village);
    const second = await makeVillager(t, w.village);
    await addRegistry(w.village, 18); // 20 villagers: a tenth is 2
    const created = await submit(creator.auth, {
      orgId: String(w.village._id),
      type: 'joint_request',
      content: '请公开村集体鱼塘承包合同',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      dueAt: null,
      public: true,
      policy: { unit: 'workdays', amount: 5 },
    });
    const id = created.body.id as string;
    const before = await t.request.get(`/api/v1/orgs/${String(w.village._id)}/joint-requests/${id}`);
    expect(before.status).toBe(200);
    expect(before.body as JointRequestStatusDto).toMatchObject({
      villagerSignatures: 1,
      villagers: 20,
      villagerSignaturesNeeded: 2,
      reached: false,
      signedByMe: null, // an anonymous reader
    });
    const signedBy = async (auth: string) =>
      (
        await t.request
          .get(`/api/v1/orgs/${String(w.village._id)}/joint-requests/${id}`)
          .set('Authorization', auth)
      ).body.signedByMe as boolean;
    expect([await signedBy(creator.auth), await signedBy(second.auth)]).toEqual([true, false]);

    const signed = await t.request.post(`/api/v1/feedback/${id}/cosign`).set('Authorization', second.auth);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ villagerSignatures: 2, reached: true, signedByMe: true });
    const item = (await t.request.get(`/api/v1/feedback/${id}`).set('Authorization', creator.auth))
      .body as FeedbackDto;
    expect(item.dueDate).toBe('2026-10-12');
    expect(item.timeline.map((e) => e.kind)).toEqual(['submitted', 'cosigned', 'threshold_reached']);
    expect(item.timeline[1]).toMatchObject({ text: '又一位村民联名，共 2 人', actorName: null });
    expect(await Obligation.countDocuments({ kind: 'disclose', feedbackId: new Types.ObjectId(id) })).toBe(1);
    expect(
      await Notification.countDocuments({ kind: 'joint.reached', userId: new Types.ObjectId(w.cadre.id) }),
    ).toBe(1);

    // Answering it with the disclosure meets the obligation.
    await t.request
      .post(`/api/v1/feedback/${id}/replies`)
      .set('Authorization', w.cadre.auth)
      .send({ content: '已公开承包合同', disclosureId: await makePublishedDisclosure(w.village) });
    expect((await Obligation.findOne({ kind: 'disclose' }).lean())!.metAt).toEqual(t.clock.now());
  });

  it('reaches through a third of the representatives too', async () => {
    const creator = await makeVillager(t, w.village, { isRepresentative: true });
    await addRegistry(w.village, 40);
    await addRegistry(w.village, 2, { isRepresentative: true }); // 3 representatives: a third is 1
    const res = await submit(creator.auth, {
      orgId: String(w.village._id),
      type: 'joint_request',
      content: '请公开土地征收补偿明细',
    });
    expect(res.body.dueDate).toBe('2026-10-12');
  });

  it.each<[string, (c: { auth: string; id: string }) => Promise<string>, number, string]>([
    ['signing twice', async (c) => c.auth, 409, 'CONFLICT'],
    [
      'an unverified resident',
      async () => (await makeVillager(t, w.village, { verified: false })).auth,
      403,
      'FORBIDDEN',
    ],
    ['a villager of another village', async () => (await makeVillager(t, w.sibling)).auth, 403, 'FORBIDDEN'],
    ['the cadre', async () => w.cadre.auth, 403, 'FORBIDDEN'],
  ])('refuses co-signing by %s', async (_n, who, status, code) => {
    const creator = await makeVillager(t, w.village);
    await addRegistry(w.village, 50);
    const created = await submit(creator.auth, {
      orgId: String(w.village._id),
      type: 'joint_request',
      content: '请公开',
    });
    const res = await t.request
      .post(`/api/v1/feedback/${created.body.id}/cosign`)
      .set('Authorization', await who(creator));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await JointSignature.countDocuments({})).toBe(1);
  });

  it('answers 404 for a joint request under the wrong org', async () => {
    const creator = await makeVillager(t, w.village);
    const created = await submit(creator.auth, {
      orgId: String(w.village._id),
      type: 'joint_request',
      content: '请公开',
    });
    const res = await t.request.get(
      `/api/v1/orgs/${String(w.sibling._id)}/joint-requests/${created.body.id}`,
    );
    expect(res.status).toBe(404);
  });
});
