import bcrypt from 'bcryptjs';
import { Types } from 'mongoose';
import { ROLE_LABELS, type OrgKind, type OrgLevel, type Role } from '@sanwu/shared';
import { appendAudit } from '../audit/audit.service';
import { Org, type OrgDoc } from '../orgs/org.model';
import { loadActor } from '../policy/authorize';
import { demoRegistry, type DemoResidentRow } from '../residents/demo-names';
import { phoneFields } from '../residents/phone';
import { Resident } from '../residents/resident.model';
import { Verification } from '../residents/verification.model';
import { approveGrant, proposeGrant } from './grant.service';
import { User, type UserDoc } from './user.model';

/** One seeded account, as `GET /auth/demo/users` lists it and `npm start` prints it. */
export interface DemoAccount {
  id: string;
  name: string;
  role: Role;
  /** The role in Chinese (ROLE_LABELS). */
  roleLabel: string;
  org: string;
  orgId: string;
  username?: string;
  /** What the account shows off, in Chinese. */
  note?: string;
}

export interface SeedIdentityOptions {
  /** HMAC key for registry phone numbers (the same as the registry service's). */
  phoneSecret: string;
  /** Password of every demo staff account. */
  password?: string;
  /** bcrypt cost of the shared demo hash; tests pass 4. */
  bcryptCost?: number;
}

export const DEMO_PASSWORD = 'sanwu-demo';
const DEMO_CODE = 'DEMO-COUNTY';

type OrgKey = 'county' | 'township' | 'dongshan' | 'xihe' | 'bureau' | 'office';
const ORGS: { key: OrgKey; name: string; level: OrgLevel; kind: OrgKind; parent?: OrgKey; code?: string }[] =
  [
    { key: 'county', name: '示范县', level: 'county', kind: 'government', code: DEMO_CODE },
    { key: 'township', name: '城关镇', level: 'township', kind: 'government', parent: 'county' },
    { key: 'dongshan', name: '东山村', level: 'village', kind: 'village', parent: 'township' },
    { key: 'xihe', name: '西河村', level: 'village', kind: 'village', parent: 'township' },
    { key: 'bureau', name: '县农业农村局', level: 'department', kind: 'department', parent: 'county' },
    { key: 'office', name: '综合股', level: 'office', kind: 'department', parent: 'bureau' },
  ];

/** `awaitsApproval`: the grant is proposed but left for the second admin, to show the two-person rule. */
const STAFF: {
  username: string;
  name: string;
  role: Role;
  org: OrgKey;
  note: string;
  awaitsApproval?: boolean;
}[] = [
  { username: 'admin', name: '赵系统', role: 'admin', org: 'county', note: '管理员（甲）' },
  { username: 'admin2', name: '钱审批', role: 'admin', org: 'county', note: '管理员（乙），审批重要授权' },
  {
    username: 'ds-cadre',
    name: '王建国',
    role: 'cadre',
    org: 'dongshan',
    note: '东山村村委会，起草公开、答复意见',
  },
  { username: 'ds-sup1', name: '李德明', role: 'supervisor', org: 'dongshan', note: '东山村监督小组组长' },
  { username: 'ds-sup2', name: '王秀英', role: 'supervisor', org: 'dongshan', note: '东山村监督小组成员' },
  { username: 'ds-sup3', name: '张福生', role: 'supervisor', org: 'dongshan', note: '东山村监督小组成员' },
  { username: 'ds-sup4', name: '李桂兰', role: 'supervisor', org: 'dongshan', note: '东山村监督小组成员' },
  { username: 'ds-sup5', name: '王守义', role: 'supervisor', org: 'dongshan', note: '东山村监督小组成员' },
  { username: 'xh-cadre', name: '陈长林', role: 'cadre', org: 'xihe', note: '西河村村委会' },
  {
    username: 'town-inspector',
    name: '刘振华',
    role: 'inspector',
    org: 'township',
    note: '城关镇三务公开办，上级监督',
  },
  {
    username: 'county-jiwei',
    name: '周清风',
    role: 'inspector',
    org: 'county',
    note: '县纪委监委，上级监督',
  },
  {
    username: 'county-jiwei2',
    name: '郑廉明',
    role: 'inspector',
    org: 'county',
    note: '县纪委监委，授权待第二名管理员（admin2）审批',
    awaitsApproval: true,
  },
  { username: 'bureau-staff', name: '孙文斌', role: 'cadre', org: 'bureau', note: '县农业农村局，政务公开' },
  { username: 'office-staff', name: '吴晓燕', role: 'cadre', org: 'office', note: '县农业农村局综合股' },
];

/** WeChat residents: verified ones are bound to a registry entry (by index), one is still pending. */
const WECHAT = [
  { openid: 'demo-openid-dongshan-1', village: 'dongshan' as const, registryIndex: 0, verified: true },
  { openid: 'demo-openid-dongshan-2', village: 'dongshan' as const, registryIndex: 7, verified: true },
  { openid: 'demo-openid-xihe-1', village: 'xihe' as const, registryIndex: 3, verified: true },
  { openid: 'demo-openid-dongshan-3', village: 'dongshan' as const, registryIndex: 12, verified: false },
];

async function createOrgs(): Promise<Record<OrgKey, OrgDoc>> {
  const made = {} as Record<OrgKey, OrgDoc>;
  for (const o of ORGS) {
    const parent = o.parent ? made[o.parent] : undefined;
    const _id = new Types.ObjectId();
    const doc = await Org.create({
      _id,
      name: o.name,
      level: o.level,
      kind: o.kind,
      code: o.code,
      parentId: parent?._id ?? null,
      path: [...(parent?.path ?? []), _id],
    });
    made[o.key] = doc.toObject() as OrgDoc;
    await appendAudit({
      orgId: _id,
      actorRole: 'system',
      action: 'org.create',
      target: { type: 'org', id: String(_id) },
      summary: { after: { name: o.name, level: o.level } },
    });
  }
  return made;
}

async function insertRegistry(org: OrgDoc, rows: DemoResidentRow[], phoneSecret: string) {
  const docs = await Resident.insertMany(
    rows.map((r) => ({
      orgId: org._id,
      ...r,
      phone: undefined,
      ...phoneFields(r.phone, phoneSecret),
      active: true,
    })),
  );
  await appendAudit({
    orgId: org._id,
    actorRole: 'system',
    action: 'registry.import',
    target: { type: 'registry', id: String(org._id) },
    summary: { after: { imported: docs.length } },
  });
  return docs;
}

/** Lists the demo accounts from the database (the seed has already run). */
export async function listDemoAccounts(): Promise<DemoAccount[]> {
  const staff = await User.find({ username: { $in: STAFF.map((s) => s.username) } }).lean<UserDoc[]>();
  const residents = await User.find({ 'wechat.openid': { $in: WECHAT.map((w) => w.openid) } }).lean<
    UserDoc[]
  >();
  const orgs = await Org.find({
    _id: { $in: [...staff, ...residents].flatMap((u) => u.grants.map((g) => g.orgId)) },
  }).lean();
  const orgName = (id: unknown) => orgs.find((o) => o._id.equals(String(id)))?.name ?? '';
  const byUsername = new Map(staff.map((u) => [u.username, u]));
  const accounts: DemoAccount[] = [];
  for (const s of STAFF) {
    const u = byUsername.get(s.username);
    const g = u?.grants.find((x) => x.role === s.role);
    if (u && g)
      accounts.push({
        id: String(u._id),
        name: u.name,
        role: s.role,
        roleLabel: ROLE_LABELS[s.role],
        org: orgName(g.orgId),
        orgId: String(g.orgId),
        username: s.username,
        note: s.note,
      });
  }
  const pending = await Verification.find({ userId: { $in: residents.map((r) => r._id) } }).lean();
  for (const w of WECHAT) {
    const u = residents.find((r) => r.wechat?.openid === w.openid);
    if (!u) continue;
    const village = ORGS.find((o) => o.key === w.village)!.name;
    // An unverified resident has no grant yet: show the village their request waits at.
    const orgId = u.grants[0]?.orgId ?? pending.find((v) => v.userId.equals(u._id))?.orgId;
    accounts.push({
      id: String(u._id),
      name: u.name,
      role: 'resident',
      roleLabel: ROLE_LABELS.resident,
      org: village,
      orgId: orgId ? String(orgId) : '',
      note: w.verified ? `${village}认证村民（微信）` : `${village}未认证村民，认证申请待审核（微信）`,
    });
  }
  return accounts;
}

/**
 * Seeds the identity demo: 示范县 → 城关镇 → 东山村/西河村, 县农业农村局 → 综合股; one
 * account per role (five supervisors for 东山村); ~300 registered villagers in 东山村 and
 * ~60 in 西河村; WeChat residents, verified and not. Idempotent: a second call only lists.
 * Grants go through the grant service (inspectors with two admins), so the audit log of
 * the demo shows the two-person rule at work.
 */
export async function seedIdentityDemo(options: SeedIdentityOptions): Promise<DemoAccount[]> {
  if (await Org.exists({ code: DEMO_CODE })) return listDemoAccounts();
  const orgs = await createOrgs();
  const passwordHash = await bcrypt.hash(options.password ?? DEMO_PASSWORD, options.bcryptCost ?? 10);
  const users = new Map<string, UserDoc>();
  for (const s of STAFF) {
    const u = await User.create({ kind: 'staff', name: s.name, username: s.username, passwordHash });
    users.set(s.username, u.toObject() as UserDoc);
  }
  // Bootstrap: the two admins are granted directly (there is no admin yet to propose them).
  for (const username of ['admin', 'admin2']) {
    const u = users.get(username)!;
    await User.updateOne(
      { _id: u._id },
      {
        $push: {
          grants: { role: 'admin', orgId: orgs.county._id, orgPath: orgs.county.path, grantedAt: new Date() },
        },
      },
    );
    await appendAudit({
      orgId: orgs.county._id,
      actorRole: 'system',
      action: 'grant.bootstrap',
      target: { type: 'user', id: String(u._id) },
      summary: { after: { role: 'admin' } },
    });
  }
  const admin = await loadActor(String(users.get('admin')!._id));
  const admin2 = await loadActor(String(users.get('admin2')!._id));
  for (const s of STAFF.filter((x) => x.role !== 'admin')) {
    const result = await proposeGrant(admin, {
      userId: String(users.get(s.username)!._id),
      role: s.role,
      orgId: String(orgs[s.org]._id),
    });
    if (result.status === 'pending' && !s.awaitsApproval) await approveGrant(admin2, result.pendingGrantId);
  }
  await Org.updateOne(
    { _id: orgs.dongshan._id },
    {
      $set: {
        supervisionGroup: STAFF.filter((s) => s.role === 'supervisor' && s.org === 'dongshan').map(
          (s) => users.get(s.username)!._id,
        ),
      },
    },
  );

  const registries = {
    dongshan: await insertRegistry(
      orgs.dongshan,
      demoRegistry({
        seed: 2026,
        people: 300,
        representatives: 25,
        mainSurnames: '王李',
        householdPrefix: 'DS',
      }),
      options.phoneSecret,
    ),
    xihe: await insertRegistry(
      orgs.xihe,
      demoRegistry({ seed: 1949, people: 60, representatives: 6, mainSurnames: '陈', householdPrefix: 'XH' }),
      options.phoneSecret,
    ),
  };
  const cadre = users.get('ds-cadre')!;
  for (const w of WECHAT) {
    const entry = registries[w.village][w.registryIndex]!;
    const org = orgs[w.village];
    const user = await User.create({
      kind: 'resident',
      name: w.verified ? entry.name : '微信用户',
      wechat: { openid: w.openid },
      grants: w.verified
        ? [
            {
              role: 'resident',
              orgId: org._id,
              orgPath: org.path,
              verified: true,
              residentId: entry._id,
              grantedBy: cadre._id,
              grantedAt: new Date(),
            },
          ]
        : [],
    });
    await Verification.create({
      orgId: org._id,
      userId: user._id,
      name: entry.name,
      idLast4: entry.idLast4,
      matchedResidentId: entry._id,
      status: w.verified ? 'approved' : 'pending',
      ...(w.verified && { decidedBy: cadre._id, decidedAt: new Date() }),
    });
  }
  return listDemoAccounts();
}
