// Test helpers for the identity features: a devdb per test file with mongoose connected,
// and factories for the org tree and accounts. Only imported by *.test.ts files.
import mongoose, { Types } from 'mongoose';
import { startDevDb, type DevDb } from '@sanwu/devdb';
import type { OrgKind, OrgLevel, Role } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { RefreshToken } from '../auth/refresh-token.model';
import { Org, type OrgDoc } from '../orgs/org.model';
import { loadActor, type LoadedActor } from '../policy/authorize';
import { Resident } from '../residents/resident.model';
import { Verification } from '../residents/verification.model';
import { PendingGrant } from './pending-grant.model';
import { User, type UserDoc } from './user.model';

const MODELS = [Org, User, PendingGrant, RefreshToken, Resident, Verification, AuditEntry] as const;

/** Starts a devdb for this test file, connects mongoose, empties collections between tests. */
export function useIdentityDb(): { db: () => DevDb } {
  let db: DevDb | undefined;
  beforeAll(async () => {
    db = await startDevDb({ quiet: true });
    await mongoose.connect(db.uri, { dbName: 'identity-test' });
    await Promise.all(MODELS.map((m) => m.init()));
  });
  afterEach(async () => {
    await Promise.all(MODELS.map((m) => (m as typeof Org).deleteMany({})));
  });
  afterAll(async () => {
    await mongoose.disconnect();
    await db?.stop();
  });
  return { db: () => db! };
}

/** Inserts an org directly (no audit), computing its path from the parent. */
export async function makeOrg(
  name: string,
  level: OrgLevel,
  parent?: OrgDoc,
  kind?: OrgKind,
): Promise<OrgDoc> {
  const _id = new Types.ObjectId();
  const defaultKind: OrgKind =
    level === 'village'
      ? 'village'
      : level === 'community'
        ? 'community'
        : level === 'department' || level === 'office'
          ? 'department'
          : 'government';
  const org = await Org.create({
    _id,
    name,
    level,
    kind: kind ?? defaultKind,
    parentId: parent?._id ?? null,
    path: [...(parent?.path ?? []), _id],
  });
  return org.toObject() as OrgDoc;
}

/** 示范县 → 城关镇 → 东山村 / 西河村. */
export async function makeOrgTree() {
  const county = await makeOrg('示范县', 'county');
  const township = await makeOrg('城关镇', 'township', county);
  const village = await makeOrg('东山村', 'village', township);
  const sibling = await makeOrg('西河村', 'village', township);
  return { county, township, village, sibling };
}

let seq = 0;
/** A staff account holding `grants`, returned with its policy actor. */
export async function makeStaff(
  grants: { role: Role; org: OrgDoc }[] = [],
  fields: Partial<{ name: string; username: string; passwordHash: string }> = {},
): Promise<{ user: UserDoc; actor: LoadedActor }> {
  seq++;
  const user = await User.create({
    kind: 'staff',
    name: fields.name ?? `工作人员${seq}`,
    username: fields.username ?? `staff${seq}`,
    passwordHash: fields.passwordHash,
    grants: grants.map((g) => ({ role: g.role, orgId: g.org._id, orgPath: g.org.path })),
  });
  return { user: user.toObject() as UserDoc, actor: await loadActor(String(user._id)) };
}

/** A WeChat resident account (unverified unless grants are given). */
export async function makeResidentUser(
  openid = `openid-${++seq}`,
): Promise<{ user: UserDoc; actor: LoadedActor }> {
  const user = await User.create({ kind: 'resident', name: '微信用户', wechat: { openid } });
  return { user: user.toObject() as UserDoc, actor: await loadActor(String(user._id)) };
}
