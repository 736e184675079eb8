import { z } from 'zod';
import { ZDuePolicy } from '../deadlines/due-policy';
import { FEEDBACK_POLICY_KINDS } from '../deadlines/policies';
import { ZObjectId } from '../http/object-id';
import { ZOrgKind, ZOrgLevel, ZRole } from './roles';

// One zod schema per operation of the identity API (auth, orgs, registry, verification,
// grants, audit) and one per response shape. Routes validate with them; the mini-program
// validates the same forms before sending; the OpenAPI document is generated from them.

const ZIsoTime = z.string().meta({ description: 'ISO-8601 时间', example: '2026-03-02T02:00:00.000Z' });
const ZIdLast4 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{3}[\dX]$/, '身份证后四位应为 4 位数字（最后一位可为 X）');
const ZMobile = z
  .string()
  .trim()
  .refine((v) => /^1[3-9]\d{9}$/.test(v.replace(/[\s-]/g, '')), '手机号应为 11 位手机号码');
const ZPersonName = z.string().trim().min(1, '请填写姓名').max(40, '姓名过长');

// ---- auth ----------------------------------------------------------------------------

/** `POST /auth/login`. */
export const ZPasswordLogin = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(32),
  password: z.string().min(1, '请输入密码').max(128),
});
export type PasswordLogin = z.infer<typeof ZPasswordLogin>;

/** `POST /auth/wechat`: the code from wx.login. */
export const ZWechatLogin = z.object({ code: z.string().trim().min(1, '缺少微信登录凭证').max(128) });
export type WechatLogin = z.infer<typeof ZWechatLogin>;

/** `POST /auth/refresh` and `POST /auth/logout`. */
export const ZRefreshRequest = z.object({ refreshToken: z.string().min(1).max(128) });
export type RefreshRequest = z.infer<typeof ZRefreshRequest>;

/** `POST /auth/demo` (demo mode only). */
export const ZDemoLogin = z.object({ userId: ZObjectId });

/** A user as the API shows it (never secrets, openid or phone hash). */
export const ZUser = z
  .object({
    id: ZObjectId,
    kind: z.enum(['resident', 'staff']),
    name: z.string(),
    username: z.string().nullable(),
    wechatBound: z.boolean(),
    grants: z.array(z.object({ role: ZRole, orgId: ZObjectId, verified: z.boolean().optional() })),
    disabled: z.boolean(),
  })
  .meta({ id: 'User', description: '用户' });
export type UserDto = z.infer<typeof ZUser>;

/** The answer of every sign-in and of refresh (refresh omits `user`). */
export const ZSession = z
  .object({
    accessToken: z.string(),
    accessExpiresAt: ZIsoTime,
    refreshToken: z.string(),
    refreshExpiresAt: ZIsoTime,
    user: ZUser.optional(),
  })
  .meta({ id: 'Session', description: '登录凭证' });
export type SessionDto = z.infer<typeof ZSession>;

/** `GET /me`. */
export const ZMe = z
  .object({
    user: ZUser,
    roles: z.array(ZRole),
    scopes: z.array(
      z.object({
        role: ZRole,
        orgId: ZObjectId,
        orgName: z.string(),
        orgLevel: ZOrgLevel.nullable(),
        verified: z.boolean().optional(),
      }),
    ),
  })
  .meta({ id: 'Me', description: '当前用户、角色与管辖范围' });
export type MeDto = z.infer<typeof ZMe>;

/** `GET /auth/demo/users` items. */
export const ZDemoAccount = z
  .object({
    id: ZObjectId,
    name: z.string(),
    role: ZRole,
    /** The role in Chinese, for the demo account picker. */
    roleLabel: z.string(),
    org: z.string(),
    orgId: z.string(),
    username: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'DemoAccount', description: '演示账号' });
export type DemoAccountDto = z.infer<typeof ZDemoAccount>;
export const ZDemoAccountList = z.object({ items: z.array(ZDemoAccount) });

// ---- organisations -------------------------------------------------------------------

/** How many signatures publish a disclosure: a majority of the group (default), all, or a number. */
export const ZReviewQuorum = z.union([z.enum(['majority', 'all']), z.number().int().min(1).max(50)]);
export type ReviewQuorum = z.infer<typeof ZReviewQuorum>;

export const ZOrg = z
  .object({
    id: ZObjectId,
    name: z.string(),
    level: ZOrgLevel,
    kind: ZOrgKind,
    parentId: ZObjectId.nullable(),
    path: z.array(ZObjectId),
    code: z.string().nullable(),
    active: z.boolean(),
    policy: z.object({
      reviewQuorum: ZReviewQuorum,
      financeCadence: z.enum(['monthly', 'quarterly']),
    }),
  })
  .meta({ id: 'Org', description: '组织' });
export type OrgDto = z.infer<typeof ZOrg>;

/** `GET /orgs?parentId=&q=`: children of a parent (roots without), or a name search. */
export const ZOrgQuery = z.object({
  parentId: ZObjectId.optional(),
  q: z.string().trim().max(30, '搜索词最多 30 个字').optional(),
});

/** An org as a link (ancestors, parent). */
export const ZOrgRef = z.object({ id: ZObjectId, name: z.string(), level: ZOrgLevel });

/** `GET /orgs/:id`: the org with its ancestors (root first) and a summary of its policy. */
export const ZOrgDetail = ZOrg.extend({
  parent: ZOrgRef.nullable(),
  ancestors: z.array(ZOrgRef),
  supervisionGroupSize: z.number().int().min(0),
  /** Signatures a disclosure of this org needs to be published (from quorum and group size). */
  requiredSignatures: z.number().int().min(0),
}).meta({ id: 'OrgDetail', description: '组织详情（上级、政策摘要）' });
export type OrgDetailDto = z.infer<typeof ZOrgDetail>;

/** `POST /orgs/:id/deactivate`. */
export const ZDeactivateOrg = z.object({ reason: z.string().trim().min(1, '请填写停用原因').max(200) });

/** An org's policy with every default filled in (answer of `PUT /orgs/:id/policy`). */
export const ZEffectiveOrgPolicy = z
  .object({
    reviewQuorum: ZReviewQuorum,
    financeCadence: z.enum(['monthly', 'quarterly']),
    catalogueItems: z.array(z.string()),
    feedbackPolicies: z.record(z.string(), ZDuePolicy),
  })
  .meta({ id: 'OrgPolicy', description: '组织政策设置' });

/** `POST /orgs`. */
export const ZCreateOrg = z.object({
  name: z.string().trim().min(1, '请填写名称').max(60),
  level: ZOrgLevel,
  kind: ZOrgKind,
  parentId: ZObjectId,
  code: z.string().trim().max(30).optional(),
});
export type CreateOrg = z.infer<typeof ZCreateOrg>;

/** `PATCH /orgs/:id` (rename) and `POST /orgs/:id/move`. */
export const ZRenameOrg = z.object({ name: z.string().trim().min(1, '请填写名称').max(60) });
export const ZMoveOrg = z.object({ parentId: ZObjectId });

/**
 * `PATCH /orgs/:id/policy`: every number DOMAIN.md names is a per-organisation setting;
 * absent fields keep their value, `feedbackPolicies` overrides only the kinds it names.
 */
export const ZOrgPolicyPatch = z
  .object({
    reviewQuorum: ZReviewQuorum.optional(),
    financeCadence: z.enum(['monthly', 'quarterly']).optional(),
    catalogueItems: z.array(z.string().min(1).max(60)).max(100).optional(),
    feedbackPolicies: z.partialRecord(z.enum(FEEDBACK_POLICY_KINDS), ZDuePolicy).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, '没有要修改的内容');
export type OrgPolicyPatch = z.infer<typeof ZOrgPolicyPatch>;

/** `PUT /orgs/:id/supervision-group`: the members of the 三务公开监督小组. */
export const ZSupervisionGroup = z.object({ userIds: z.array(ZObjectId).max(15) });

// ---- grants --------------------------------------------------------------------------

/** `POST /grants`: an admin grants a role (inspector/admin wait for a second admin). */
export const ZGrantProposal = z.object({ userId: ZObjectId, role: ZRole, orgId: ZObjectId });
export type GrantProposal = z.infer<typeof ZGrantProposal>;
export const ZGrantRejection = z.object({ reason: z.string().trim().min(1, '请填写理由').max(200) });

/** `POST /users/:id/grants` and `DELETE /users/:id/grants?role=&orgId=`. */
export const ZGrantRequest = z.object({ role: ZRole, orgId: ZObjectId });
export type GrantRequest = z.infer<typeof ZGrantRequest>;

/** What a grant request did: in force at once, or waiting for a second admin. */
export const ZGrantResult = z.union([
  z.object({ status: z.literal('granted') }),
  z.object({ status: z.literal('pending'), pendingGrantId: ZObjectId }),
]);

/** `POST /users`: a staff account, with the role it is created for. */
export const ZCreateStaff = z.object({
  name: ZPersonName,
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, '用户名须为 3–32 位字母、数字、点、横线或下划线'),
  password: z
    .string()
    .min(8, '密码至少 8 位')
    .max(128, '密码过长')
    .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字'),
  role: ZRole.exclude(['resident']),
  orgId: ZObjectId,
});
export type CreateStaff = z.infer<typeof ZCreateStaff>;

/** `GET /users?orgId=`: accounts holding a role within an org's subtree. */
export const ZUserQuery = z.object({ orgId: ZObjectId.optional(), q: z.string().trim().max(30).optional() });

/** A proposal waiting for a second admin (`GET /grants/pending`). */
export const ZPendingGrant = z
  .object({
    id: ZObjectId,
    userId: ZObjectId,
    userName: z.string(),
    role: ZRole,
    orgId: ZObjectId,
    orgName: z.string(),
    proposedBy: ZObjectId,
    proposedByName: z.string(),
    createdAt: ZIsoTime,
  })
  .meta({ id: 'PendingGrant', description: '待审批的角色授予' });
export type PendingGrantDto = z.infer<typeof ZPendingGrant>;

// ---- resident registry ---------------------------------------------------------------

export const ZResident = z
  .object({
    id: ZObjectId,
    name: z.string(),
    idLast4: z.string(),
    phoneMasked: z.string().nullable(),
    household: z.string(),
    isRepresentative: z.boolean(),
    isAdult: z.boolean(),
    active: z.boolean(),
  })
  .meta({ id: 'Resident', description: '村民名册记录' });
export type ResidentDto = z.infer<typeof ZResident>;

/** `GET /orgs/:id/residents` filters (with ZPagination). */
export const ZRegistryQuery = z.object({
  q: z.string().trim().max(20).optional(),
  representative: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  household: z.string().trim().max(40).optional(),
});

/** `PATCH /residents/:id`; `phone: null` removes the number. */
export const ZResidentPatch = z
  .object({
    name: ZPersonName.optional(),
    household: z.string().trim().min(1).max(40).optional(),
    isRepresentative: z.boolean().optional(),
    isAdult: z.boolean().optional(),
    phone: ZMobile.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, '没有要修改的内容');
export type ResidentPatch = z.infer<typeof ZResidentPatch>;

/** One problem of a registry file: spreadsheet row (header = 1), column header, message. */
export const ZRegistryRowError = z
  .object({ row: z.number().int().min(0), column: z.string(), message: z.string() })
  .meta({ id: 'RegistryRowError', description: '名册文件的行级错误' });
export type RegistryRowError = z.infer<typeof ZRegistryRowError>;

/** `POST /orgs/:id/residents/import?mode=`: replace the registry (default) or add to it. */
export const ZRegistryImportQuery = z.object({
  mode: z.enum(['replace', 'append']).default('replace'),
});

/** What an import did. */
export const ZRegistryImportResult = z
  .object({
    importId: ZObjectId,
    imported: z.number().int().min(0),
    replaced: z.number().int().min(0),
    relinked: z.number().int().min(0),
    unmatchedVerified: z.number().int().min(0),
  })
  .meta({ id: 'RegistryImportResult', description: '名册导入结果' });

/** The bases of the objection and joint-request thresholds. */
export const ZRegistryCounts = z.object({
  villagers: z.number().int().min(0),
  representatives: z.number().int().min(0),
  households: z.number().int().min(0),
});

// ---- verification --------------------------------------------------------------------

/** `POST /orgs/:id/verifications`: name plus the ID tail or the phone in the registry. */
export const ZVerificationRequest = z
  .object({ name: ZPersonName, idLast4: ZIdLast4.optional(), phone: ZMobile.optional() })
  .refine((v) => v.idLast4 !== undefined || v.phone !== undefined, {
    message: '请填写身份证后四位或手机号',
    path: ['idLast4'],
  });
export type VerificationRequest = z.infer<typeof ZVerificationRequest>;

/** `GET /orgs/:id/verifications?status=` (with ZPagination). */
export const ZVerificationQuery = z.object({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
});

/** `POST /verifications/:id/approve` (optionally naming the registry entry). */
export const ZVerificationApproval = z.object({ residentId: ZObjectId.optional() });
/** `POST /verifications/:id/reject`. */
export const ZVerificationRejection = z.object({
  reason: z.string().trim().min(1, '请填写驳回理由').max(200),
});

export const ZVerification = z
  .object({
    id: ZObjectId,
    orgId: ZObjectId,
    userId: ZObjectId,
    name: z.string(),
    idLast4: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    status: z.enum(['pending', 'approved', 'rejected']),
    matchedResidentId: ZObjectId.nullable(),
    reason: z.string().nullable(),
    createdAt: ZIsoTime,
  })
  .meta({ id: 'Verification', description: '村民认证申请' });
export type VerificationDto = z.infer<typeof ZVerification>;

// ---- audit ---------------------------------------------------------------------------

/** `GET /audit?orgId=&actor=&action=&from=&to=` (with ZPagination). */
export const ZAuditQuery = z.object({
  orgId: ZObjectId.optional(),
  actor: ZObjectId.optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const ZAuditEntry = z
  .object({
    id: ZObjectId,
    orgId: ZObjectId.nullable(),
    seq: z.number().int().min(1),
    at: ZIsoTime,
    actorId: ZObjectId.nullable(),
    actorRole: z.string().nullable(),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    summary: z.object({ before: z.unknown().optional(), after: z.unknown().optional() }).nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry', description: '审计日志记录（哈希链）' });
export type AuditEntryDto = z.infer<typeof ZAuditEntry>;
