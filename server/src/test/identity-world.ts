// A populated identity world for HTTP tests of the identity routes (authorization matrix and
// flows): the org tree, one account per role of the matrix, a small registry, a pending
// verification and a pending two-person grant. Works with startTestApp's connection.
import { Types } from 'mongoose';
import type { OrgDoc } from '../orgs/org.model';
import { hashPhone } from '../residents/phone';
import { Resident, type ResidentDoc } from '../residents/resident.model';
import { Verification } from '../residents/verification.model';
import { PendingGrant } from '../users/pending-grant.model';
import { makeOrg, makeOrgTree, makeResidentUser, makeStaff } from '../users/testing';
import { User, type UserDoc } from '../users/user.model';
import { startTestApp, type TestApp } from './harness';
import { startIdentityTestApp, type IdentityTestApp } from './identity-app';
import { maskPhone } from '@sanwu/shared';

/** The callers of the authorization matrix. */
export const MATRIX_ROLES = [
  'anonymous',
  'resident',
  'verified',
  'cadre',
  'siblingCadre',
  'supervisor',
  'inspector',
  'admin',
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** Registry entries of 东山村, as a CSV the importer accepts. */
export const WORLD_REGISTRY_CSV = [
  '姓名,身份证后四位,手机号,户号,是否村民代表',
  '张三丰,1234,13812345678,DS-001,是',
  '李四,567X,,DS-001,否',
  '王五,0001,13900001111,DS-002,否',
].join('\n');

export interface IdentityWorld {
  orgs: { county: OrgDoc; township: OrgDoc; village: OrgDoc; sibling: OrgDoc; township2: OrgDoc };
  users: Record<Exclude<MatrixRole, 'anonymous'>, UserDoc> & {
    /** A second county admin: proposed `pendingGrant`, so `admin` may approve it. */
    admin2: UserDoc;
    /** A staff account without roles, the target of grant routes. */
    newcomer: UserDoc;
    /** A second cadre of 东山村, whose grant the revoke route takes away. */
    exCadre: UserDoc;
    /** A WeChat resident whose verification waits for the cadre. */
    applicant: UserDoc;
  };
  residents: ResidentDoc[];
  pendingGrantId: string;
  verificationId: string;
}

export async function makeIdentityWorld(phoneSecret: string): Promise<IdentityWorld> {
  const tree = await makeOrgTree();
  const township2 = await makeOrg('东关镇', 'township', tree.county);
  const { village, sibling, township, county } = tree;
  const residents = await Resident.insertMany(
    [
      { name: '张三丰', idLast4: '1234', phone: '13812345678', household: 'DS-001', isRepresentative: true },
      { name: '李四', idLast4: '567X', household: 'DS-001', isRepresentative: false },
      { name: '王五', idLast4: '0001', phone: '13900001111', household: 'DS-002', isRepresentative: false },
    ].map(({ phone, ...r }) => ({
      ...r,
      orgId: village._id,
      isAdult: true,
      active: true,
      ...(phone && { phoneHash: hashPhone(phone, phoneSecret), phoneMasked: maskPhone(phone) }),
    })),
  );
  const staff = async (role: 'cadre' | 'supervisor' | 'inspector' | 'admin', org: OrgDoc, name: string) =>
    (await makeStaff([{ role, org }], { name })).user;
  const verified = (await makeResidentUser()).user;
  await User.updateOne(
    { _id: verified._id },
    {
      $set: { name: '张三丰' },
      $push: {
        grants: {
          role: 'resident',
          orgId: village._id,
          orgPath: village.path,
          verified: true,
          residentId: residents[0]!._id,
        },
      },
    },
  );
  const users = {
    resident: (await makeResidentUser()).user,
    verified,
    cadre: await staff('cadre', village, '王建国'),
    siblingCadre: await staff('cadre', sibling, '陈长林'),
    supervisor: await staff('supervisor', village, '李德明'),
    inspector: await staff('inspector', township, '刘振华'),
    admin: await staff('admin', county, '赵系统'),
    admin2: await staff('admin', county, '钱审批'),
    newcomer: (await makeStaff([], { name: '孙新来' })).user,
    exCadre: await staff('cadre', village, '周离任'),
    applicant: (await makeResidentUser()).user,
  };
  const pending = await PendingGrant.create({
    userId: users.newcomer._id,
    role: 'inspector',
    orgId: township._id,
    orgPath: township.path,
    proposedBy: users.admin2._id,
  });
  const verification = await Verification.create({
    orgId: village._id,
    userId: users.applicant._id,
    name: '王五',
    idLast4: '0001',
    matchedResidentId: residents[2]!._id,
    createdAt: new Date(),
  });
  return {
    orgs: { ...tree, township2 },
    users,
    residents: residents.map((r) => r.toObject() as ResidentDoc),
    pendingGrantId: String(pending._id),
    verificationId: String(verification._id),
  };
}

/** A fresh ObjectId string, for "does not exist" requests. */
export const missingId = () => String(new Types.ObjectId());

/** The instant identity tests run at (a Monday, 09:00 in Shanghai). */
const IDENTITY_NOW = '2026-03-02T09:00:00+08:00';

/**
 * One app for the enclosing describe and, before each test, an empty database and a fresh identity
 * world handed to `ready` (which keeps them, and the tokens it needs, in the test's own variables).
 */
function useWorld<A extends { stop(): Promise<void> }>(
  start: () => Promise<A>,
  testApp: (app: A) => TestApp,
  ready: (app: A, w: IdentityWorld) => Promise<void> | void,
): void {
  let app: A;
  beforeAll(async () => {
    app = await start();
  });
  afterAll(() => app.stop());
  beforeEach(async () => {
    await testApp(app).reset();
    await ready(app, await makeIdentityWorld(testApp(app).config.phoneHashSecret));
  });
}

/** {@link useWorld} on a plain test app. */
export function useIdentityWorld(ready: (t: TestApp, w: IdentityWorld) => Promise<void> | void): void {
  useWorld(
    () => startTestApp({ now: IDENTITY_NOW }),
    (t) => t,
    ready,
  );
}

/** {@link useWorld} on the identity test app (fake WeChat, client IPs from X-Forwarded-For). */
export function useIdentityAppWorld(
  ready: (h: IdentityTestApp, w: IdentityWorld) => Promise<void> | void,
): void {
  useWorld(
    () => startIdentityTestApp({ now: IDENTITY_NOW }),
    (h) => h.t,
    ready,
  );
}
