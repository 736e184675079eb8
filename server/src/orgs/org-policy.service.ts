import { Types } from 'mongoose';
import {
  can,
  FEEDBACK_POLICIES,
  ValidationError,
  type DuePolicy,
  type FeedbackPolicyKind,
  type OrgPolicyPatch,
  type ReviewQuorum,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import { ensureCan, loadActor, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { Org, type OrgDoc } from './org.model';

/** An org's policy with every default filled in: what the rules of later features read. */
export interface EffectiveOrgPolicy {
  reviewQuorum: ReviewQuorum;
  financeCadence: 'monthly' | 'quarterly';
  catalogueItems: string[];
  feedbackPolicies: Record<FeedbackPolicyKind, DuePolicy>;
}

export function effectiveOrgPolicy(org: Pick<OrgDoc, 'policy'>): EffectiveOrgPolicy {
  const overrides = (org.policy?.feedbackPolicies ?? {}) as Partial<Record<FeedbackPolicyKind, DuePolicy>>;
  return {
    reviewQuorum: (org.policy?.reviewQuorum as ReviewQuorum | undefined) ?? 'majority',
    financeCadence: org.policy?.financeCadence ?? 'monthly',
    catalogueItems: org.policy?.catalogueItems ?? [],
    feedbackPolicies: { ...FEEDBACK_POLICIES, ...overrides },
  };
}

/** Signatures needed to publish, given the quorum and the size of the supervision group. */
export function requiredSignatures(quorum: ReviewQuorum, groupSize: number): number {
  if (quorum === 'all') return groupSize;
  if (quorum === 'majority') return Math.floor(groupSize / 2) + 1;
  return Math.min(quorum, groupSize);
}

/** Admins change an org's policy; the change is audited with before and after. */
export async function updateOrgPolicy(
  actor: LoadedActor,
  orgId: string,
  patch: OrgPolicyPatch,
  meta: RequestMeta = {},
  now = new Date(),
): Promise<EffectiveOrgPolicy> {
  const org = await loadOrg(orgId);
  const role = ensureCan(actor, 'org.manage', orgTarget(org));
  const changed: Record<string, unknown> = {};
  if (patch.reviewQuorum !== undefined) changed.reviewQuorum = patch.reviewQuorum;
  if (patch.financeCadence !== undefined) changed.financeCadence = patch.financeCadence;
  if (patch.catalogueItems !== undefined) changed.catalogueItems = patch.catalogueItems;
  if (patch.feedbackPolicies !== undefined) {
    changed.feedbackPolicies = { ...(org.policy?.feedbackPolicies ?? {}), ...patch.feedbackPolicies };
  }
  // Only the fields given are set (two admins changing different ones at once keep both).
  const set = Object.fromEntries(Object.entries(changed).map(([field, value]) => [`policy.${field}`, value]));
  const after = effectiveOrgPolicy({ policy: { ...org.policy, ...changed } as OrgDoc['policy'] });
  const audit = {
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'org.policy',
    target: { type: 'org', id: orgId },
    summary: { before: effectiveOrgPolicy(org), after },
    meta,
    at: now,
  };
  await Org.updateOne({ _id: org._id }, { $set: set, $push: { auditsOwed: oweAudit(audit, now) } });
  await appendAudit(audit);
  return after;
}

/**
 * Sets the roster of the 三务公开监督小组. Every member must already hold the supervisor
 * role over the org: the roster sizes the quorum, the grant is the authority to sign.
 */
export async function setSupervisionGroup(
  actor: LoadedActor,
  orgId: string,
  userIds: string[],
  meta: RequestMeta = {},
  now = new Date(),
): Promise<string[]> {
  const org = await loadOrg(orgId);
  const role = ensureCan(actor, 'org.manage', orgTarget(org));
  const unique = [...new Set(userIds)];
  for (const id of unique) {
    const member = await loadActor(id).catch(() => null);
    if (!member || !can(member, 'disclosure.review', orgTarget(org))) {
      throw new ValidationError('监督小组成员须先被授予该组织的监督小组成员角色');
    }
  }
  const audit = {
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'org.supervision-group',
    target: { type: 'org', id: orgId },
    summary: { before: org.supervisionGroup.map(String), after: unique },
    meta,
    at: now,
  };
  await Org.updateOne(
    { _id: org._id },
    {
      $set: { supervisionGroup: unique.map((id) => new Types.ObjectId(id)) },
      $push: { auditsOwed: oweAudit(audit, now) },
    },
  );
  await appendAudit(audit);
  return unique;
}
