import { z } from 'zod';

/**
 * The five roles of DOMAIN.md "People (roles)". A role is always held over an
 * organisation and covers that organisation's whole subtree.
 */
export const ROLES = ['resident', 'cadre', 'supervisor', 'inspector', 'admin'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
/** Zod enum of {@link ROLES}. */
export const ZRole = z.enum(ROLES);

/** Chinese labels for roles, for lists and demo account pickers. */
export const ROLE_LABELS: Record<Role, string> = {
  resident: '村民/居民',
  cadre: '干部',
  supervisor: '监督小组成员',
  inspector: '上级监督',
  admin: '系统管理员',
};

/**
 * Levels of the organisation tree (DOMAIN.md "Organisations"): county 县 →
 * township/street 乡镇/街道 → village/community 村/社区; a government department
 * 局 with its offices 股室.
 */
export const ORG_LEVELS = ['county', 'township', 'village', 'community', 'department', 'office'] as const;
/** One of {@link ORG_LEVELS}. */
export type OrgLevel = (typeof ORG_LEVELS)[number];
/** Zod enum of {@link ORG_LEVELS}. */
export const ZOrgLevel = z.enum(ORG_LEVELS);

/**
 * What the organisation is, which picks its disclosure catalogue: a village or
 * community publishes 村务/居务, a department 政务, a party branch 党务.
 */
export const ORG_KINDS = ['government', 'village', 'community', 'department', 'party'] as const;
/** One of {@link ORG_KINDS}. */
export type OrgKind = (typeof ORG_KINDS)[number];
/** Zod enum of {@link ORG_KINDS}. */
export const ZOrgKind = z.enum(ORG_KINDS);

/** Which parent levels each level may sit under; `null` means it may be a root. */
export const ORG_PARENT_LEVELS: Record<OrgLevel, readonly (OrgLevel | null)[]> = {
  county: [null],
  township: ['county'],
  village: ['township'],
  community: ['township'],
  department: ['county', 'township'],
  office: ['department'],
};

/** A 24-hex MongoDB ObjectId as a string (kept local so identity has no import cycle). */
const ZId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确');

/** A role held over an organisation's subtree. */
export const ZRoleGrant = z.object({ role: ZRole, orgId: ZId });
/** A role held over an organisation's subtree. */
export type RoleGrant = z.infer<typeof ZRoleGrant>;
