import type { Role } from './roles';

/**
 * Who may do what. Every permission in the system is decided by {@link can};
 * routes and services only ask it. DOMAIN.md "Organisations": every permission is
 * "role R over the subtree of org O".
 *
 * - `roles`: the roles that allow the action when held over an ancestor of (or
 *   the same org as) the target.
 * - `owner`: the target's owner (e.g. whoever submitted a feedback item) may do it
 *   whatever their roles.
 * - `anySignedIn`: any signed-in account may do it (e.g. an unverified WeChat
 *   resident asking to be verified, or submitting an opinion).
 * - `global`: the target is the whole system (calendar, accounts); a grant of an
 *   allowed role anywhere suffices.
 */
export interface ActionRule {
  readonly roles: readonly Role[];
  readonly owner?: boolean;
  readonly anySignedIn?: boolean;
  readonly global?: boolean;
  /** What the action is, in Chinese, for audit and error messages. */
  readonly label: string;
}

/** The permission table: every action and the roles allowed to take it. */
export const ACTIONS = {
  'org.read': { roles: ['resident', 'cadre', 'supervisor', 'inspector', 'admin'], label: '查看组织' },
  'org.manage': { roles: ['admin'], label: '管理组织' },
  'user.manage': { roles: ['admin'], label: '管理账号' },
  'calendar.manage': { roles: ['admin'], global: true, label: '维护工作日历' },
  'registry.read': { roles: ['cadre', 'inspector', 'admin'], label: '查看村民名册' },
  'registry.write': { roles: ['cadre', 'admin'], label: '维护村民名册' },
  'verification.request': { roles: [], anySignedIn: true, label: '申请村民认证' },
  'verification.decide': { roles: ['cadre'], label: '审核村民认证' },
  'audit.read': { roles: ['inspector', 'admin'], label: '查看审计日志' },
  'grant.propose': { roles: ['admin'], label: '授予角色' },
  'grant.approve': { roles: ['admin'], label: '批准角色授予' },
  'disclosure.read-draft': { roles: ['cadre', 'supervisor', 'inspector'], label: '查看未发布公开事项' },
  'disclosure.draft': { roles: ['cadre'], label: '起草公开事项' },
  'disclosure.review': { roles: ['supervisor'], label: '审核签章' },
  'disclosure.publish': { roles: ['cadre'], label: '发布公开事项' },
  'disclosure.withhold': { roles: ['cadre'], label: '登记不予公开' },
  'withheld.read': { roles: ['supervisor', 'inspector'], label: '查看不予公开备案' },
  'disclosure.read-personal': {
    roles: ['cadre', 'supervisor', 'inspector'],
    label: '查看公开名单中的完整个人信息',
  },
  'feedback.submit': { roles: [], anySignedIn: true, label: '提交意见' },
  'feedback.object': { roles: ['resident'], label: '提出异议或联名' },
  'feedback.read': { roles: ['cadre', 'supervisor', 'inspector'], owner: true, label: '查看意见' },
  'feedback.answer': { roles: ['cadre'], label: '答复意见' },
  'feedback.transfer': { roles: ['cadre', 'inspector'], label: '转办意见' },
  'feedback.rate': { roles: [], owner: true, label: '评价答复' },
  'feedback.inbox': { roles: ['cadre', 'inspector'], label: '查看意见办理台账' },
  'feedback.assist': { roles: ['cadre'], label: '代村民登记意见' },
  'feedback.escalate': { roles: [], owner: true, label: '申请上级督办' },
  'feedback.handle-escalated': { roles: ['inspector'], label: '办理上级督办意见' },
  'notification.failures': { roles: ['admin'], global: true, label: '查看通知发送失败记录' },
  'attachment.upload': { roles: [], anySignedIn: true, label: '上传附件' },
  'attachment.read': { roles: ['cadre', 'supervisor', 'inspector'], owner: true, label: '查看未公开的附件' },
  'supervision.read': { roles: ['supervisor', 'inspector'], label: '查看监督统计' },
  'supervision.notice': { roles: ['inspector'], label: '发布通报、责令整改' },
  'notice.read': { roles: ['cadre', 'supervisor', 'inspector'], label: '查看通报' },
  'notice.respond': { roles: ['cadre'], label: '答复通报、报告整改情况' },
  'archive.close': { roles: ['inspector', 'admin'], label: '年度归档' },
  'archive.read': { roles: ['cadre', 'supervisor', 'inspector', 'admin'], label: '查看归档' },
  'archive.request-change': { roles: ['cadre', 'inspector'], label: '提出数据修改申请' },
  'archive.decide-change': { roles: ['inspector'], label: '审批数据修改申请' },
} as const satisfies Record<string, ActionRule>;

/** Every action named in {@link ACTIONS}. */
export type Action = keyof typeof ACTIONS;

/** Who is acting: their id and the grants they hold. */
export interface Actor {
  readonly userId: string;
  readonly grants: readonly { readonly role: Role; readonly orgId: string }[];
}

/** What is acted on: the org's ancestors including itself (root first) and its owner. */
export interface Target {
  readonly orgPath: readonly string[];
  readonly ownerId?: string;
}

/**
 * Decides whether `actor` may take `action` on `target`. A role held over org O
 * covers O's whole subtree, i.e. every target whose `orgPath` contains O; a
 * sibling or a parent of O is not covered.
 * @example can(cadreOfVillage, 'disclosure.draft', { orgPath: [county, township, village] }) // true
 */
export function can(actor: Actor | null | undefined, action: Action, target: Target): boolean {
  if (!actor || !actor.userId) return false;
  const rule: ActionRule = ACTIONS[action];
  if (!rule) return false;
  if (rule.anySignedIn) return true;
  if (rule.owner && target.ownerId !== undefined && target.ownerId === actor.userId) return true;
  return actor.grants.some(
    (g) => rule.roles.includes(g.role) && (rule.global === true || target.orgPath.includes(g.orgId)),
  );
}

/** The orgs over which `actor` may take `action` (the roots of their reach), for list filters. */
export function scopesFor(actor: Actor, action: Action): string[] {
  const rule: ActionRule = ACTIONS[action];
  return [...new Set(actor.grants.filter((g) => rule.roles.includes(g.role)).map((g) => g.orgId))];
}

/**
 * Roles an admin cannot grant alone (DOMAIN.md "admin … cannot grant important
 * rights alone", seed 000 篇七 五): a second, different admin must approve.
 */
export const TWO_PERSON_ROLES: readonly Role[] = ['inspector', 'admin'];

/** Whether granting `role` needs a second admin's approval. */
export function grantNeedsApproval(role: Role): boolean {
  return TWO_PERSON_ROLES.includes(role);
}

/** Why a grant approval is refused, or `null` when `approver` may approve it. */
export type ApprovalRefusal = 'not-admin' | 'own-proposal';

/**
 * Checks the two-person rule: the approver must be an admin over the target org
 * and must not be the admin who proposed the grant.
 */
export function checkGrantApproval(
  approver: Actor,
  proposal: { proposedBy: string; orgPath: readonly string[] },
): ApprovalRefusal | null {
  if (!can(approver, 'grant.approve', { orgPath: proposal.orgPath })) return 'not-admin';
  if (approver.userId === proposal.proposedBy) return 'own-proposal';
  return null;
}
