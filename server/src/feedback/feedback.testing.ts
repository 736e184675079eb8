// Fixtures for the feedback, notification and scheduler tests (imported by *.test.ts only).
import mongoose, { Types } from 'mongoose';
import type { Role } from '@sanwu/shared';
import type { OrgDoc } from '../orgs/org.model';
import { Resident } from '../residents/resident.model';
import { useTestApp, type TestApp } from '../test/harness';
import { User } from '../users/user.model';
import type { FakeWechatServer } from '../wechat/fake-wechat-server';
import { makeOrgTree, makeStaff } from '../users/testing';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import { captureLogger } from '../test/test-config';

let seq = 0;

/** Registry entries that are only counted (the base of the thresholds). */
export async function addRegistry(org: OrgDoc, count: number, fields: { isRepresentative?: boolean } = {}) {
  const docs = Array.from({ length: count }, () => ({
    orgId: org._id,
    name: `村民${++seq}`,
    idLast4: String(1000 + (seq % 9000)).slice(-4),
    household: `户${seq}`,
    isRepresentative: fields.isRepresentative ?? false,
  }));
  await Resident.insertMany(docs);
}

/** A WeChat resident bound to a registry entry of `org` (a verified villager), and their bearer. */
export async function makeVillager(
  t: TestApp,
  org: OrgDoc,
  fields: { name?: string; isRepresentative?: boolean; verified?: boolean } = {},
) {
  const name = fields.name ?? `村民${++seq}`;
  const resident = await Resident.create({
    orgId: org._id,
    name,
    idLast4: String(2000 + (seq % 7000)).slice(-4),
    household: `户${seq}`,
    isRepresentative: fields.isRepresentative ?? false,
  });
  const verified = fields.verified ?? true;
  const user = await User.create({
    kind: 'resident',
    name,
    wechat: { openid: `openid-v${++seq}` },
    grants: verified
      ? [{ role: 'resident', orgId: org._id, orgPath: org.path, verified: true, residentId: resident._id }]
      : [],
  });
  return { id: String(user._id), name, auth: await t.bearer(String(user._id)), resident };
}

/** A published disclosure as the disclosures feature stores it (fields the gateway reads). */
export async function makePublishedDisclosure(org: OrgDoc, title = '2026年9月村级财务收支公示') {
  const _id = new Types.ObjectId();
  await mongoose.connection.collection('disclosures').insertOne({
    _id,
    orgId: org._id,
    orgPath: org.path,
    state: 'published',
    public: true,
    publicTitle: title,
    lastPublishedAt: new Date('2026-09-01T02:00:00Z'),
  });
  return String(_id);
}

/** The org tree with one account per role (and the same roles at the sibling village). */
export async function makeWorld(t: TestApp) {
  const orgs = await makeOrgTree();
  const staff = async (role: Role, org: OrgDoc, name: string) => {
    const { user } = await makeStaff([{ role, org }], { name });
    return { id: String(user._id), name, auth: await t.bearer(String(user._id)) };
  };
  return {
    ...orgs,
    cadre: await staff('cadre', orgs.village, '张村干'),
    supervisor: await staff('supervisor', orgs.village, '李监督'),
    inspector: await staff('inspector', orgs.township, '王督查'),
    countyInspector: await staff('inspector', orgs.county, '赵纪委'),
    admin: await staff('admin', orgs.county, '钱管理'),
    siblingCadre: await staff('cadre', orgs.sibling, '陈邻村'),
  };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** Where every feedback test starts: Wednesday 2026-09-16, 10:00 in Shanghai. */
export const FEEDBACK_START = '2026-09-16T02:00:00Z';

export interface FeedbackWorldOptions {
  /** A fake WeChat server started before the app and stopped after it. */
  fake?: FakeWechatServer;
  /** The app's env, read once `fake` listens (its URL is known then). */
  env?: () => Record<string, string>;
}

/**
 * The lifecycle the feedback test files share: one app per file; before each test an empty
 * database, the clock back at {@link FEEDBACK_START} and a fresh world, handed to `ready` (the file
 * keeps them in its own `t` and `w`). Call it before the file's own `beforeEach`, which then runs after.
 */
export function useFeedbackWorld(
  ready: (t: TestApp, w: World) => void,
  options: FeedbackWorldOptions = {},
): void {
  useTestApp(
    () => ({ now: FEEDBACK_START, env: options.env?.() }),
    async (t) => ready(t, await makeWorld(t)),
    options.fake,
  );
}

/**
 * {@link useFeedbackWorld} for tests of what the sweep completes: also a scheduler on the app's clock,
 * fresh for each test, and every spy restored after it.
 */
export function useFeedbackSweep(ready: (t: TestApp, w: World, scheduler: Scheduler) => void): void {
  useFeedbackWorld((t, w) =>
    ready(t, w, createScheduler({ clock: t.clock.now, logger: captureLogger().logger, instanceId: 'a' })),
  );
  afterEach(() => jest.restoreAllMocks());
}

/** Photos as `POST /attachments` stores them (the fields feedback checks). */
export async function makePhotos(uploaderId: string, org: OrgDoc, n: number): Promise<string[]> {
  const docs = Array.from({ length: n }, () => ({
    _id: new Types.ObjectId(),
    orgId: org._id,
    uploaderId: new Types.ObjectId(uploaderId),
    kind: 'image',
    mime: 'image/jpeg',
    createdAt: new Date(),
  }));
  await mongoose.connection.collection('attachments').insertMany(docs);
  return docs.map((d) => String(d._id));
}
