import type { OrgDoc } from '../orgs/org.model';
import { effectiveOrgPolicy, requiredSignatures } from '../orgs/org-policy.service';

/**
 * Who must sign before publication (DOMAIN.md "Workflow"):
 * - villages and communities: the 三务公开监督小组 — the org's quorum (default a majority) of its
 *   roster; only roster members sign (the roster sizes the quorum, seed 000 篇二 四);
 * - departments: office review (股室审核) then leader approval (领导审批), two different reviewers,
 *   in that order (seed 000 篇一 六; seed 002 上网信息审批).
 * With no roster configured any holder of the review role over the org may sign, and at least one
 * signature is always needed: nothing is published unsigned.
 */
export interface ReviewPlan {
  mode: 'group' | 'stages';
  required: number;
  /** Roster member ids; empty when anyone with the review role may sign. */
  roster: string[];
}

export function reviewPlanFor(org: Pick<OrgDoc, 'kind' | 'policy' | 'supervisionGroup'>): ReviewPlan {
  if (org.kind === 'department') return { mode: 'stages', required: 2, roster: [] };
  const roster = (org.supervisionGroup ?? []).map(String);
  const quorum = effectiveOrgPolicy(org).reviewQuorum;
  return { mode: 'group', required: Math.max(1, requiredSignatures(quorum, roster.length)), roster };
}

/** The stage the next approval fills: departments go office → leader. */
export function nextStage(plan: ReviewPlan, approvalsSoFar: number): 'group' | 'office' | 'leader' {
  if (plan.mode === 'group') return 'group';
  return approvalsSoFar === 0 ? 'office' : 'leader';
}
