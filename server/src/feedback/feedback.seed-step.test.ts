import { FEEDBACK_STATES } from '@sanwu/shared';
import { Notification } from '../notifications/notification.model';
import { Org } from '../orgs/org.model';
import { demoSeedSteps } from '../seed/seed-steps';
import { startTestApp, type TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import { AnswerTemplate, JointSignature } from './feedback-extras.model';
import { Feedback } from './feedback.model';
import { makePublishedDisclosure } from './feedback.testing';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-23T02:00:00Z' });
});
afterAll(() => t.stop());

// The identity seed hashes passwords with bcrypt: allow for a busy machine.
jest.setTimeout(60_000);

it('seeds feedback in every state for 东山村 and 西河村, some overdue, with an objection and a joint request', async () => {
  const now = new Date('2026-11-23T02:00:00Z');
  const steps = demoSeedSteps(t.config);
  const identity = steps.find((s) => s.name === 'identity')!;
  const feedback = steps.find((s) => s.name === 'feedback')!;
  const ctx = {
    config: t.config,
    connection: t.db!.connection,
    logger: captureLogger().logger,
    now,
    demoAccounts: [],
  };
  await identity.run(ctx);
  // As the disclosures step would have published one.
  await makePublishedDisclosure((await Org.findOne({ name: '东山村' }).lean())!);
  await feedback.run(ctx);

  expect((await Feedback.distinct('state')).sort()).toEqual([...FEEDBACK_STATES].sort());
  const [ds, xh] = [
    await Org.findOne({ name: '东山村' }).lean(),
    await Org.findOne({ name: '西河村' }).lean(),
  ];
  expect(await Feedback.countDocuments({ orgId: ds!._id })).toBeGreaterThan(5);
  expect(await Feedback.countDocuments({ orgId: xh!._id })).toBeGreaterThanOrEqual(2);
  expect(await Feedback.countDocuments({ overdueAt: { $ne: null } })).toBeGreaterThanOrEqual(2);
  expect(await Feedback.countDocuments({ type: 'objection' })).toBe(1);
  expect(await Feedback.countDocuments({ type: 'joint_request' })).toBe(1);
  expect(await JointSignature.countDocuments({})).toBe(2);
  expect(await Feedback.countDocuments({ 'rating.score': { $gte: 1 } })).toBeGreaterThanOrEqual(3);
  expect(await Feedback.countDocuments({ 'assisted.channel': 'phone' })).toBe(1);
  expect(await AnswerTemplate.countDocuments({})).toBe(3);
  expect(await Notification.countDocuments({ kind: 'feedback.overdue' })).toBeGreaterThan(0);
});

it('is part of the demo seed, before meta', () => {
  const names = demoSeedSteps(t.config).map((s) => s.name);
  expect(names.indexOf('feedback')).toBeGreaterThan(names.indexOf('identity'));
  expect(names.at(-1)).toBe('meta');
});
