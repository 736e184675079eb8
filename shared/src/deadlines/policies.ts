import type { DuePolicy } from './due-policy';

/** Feedback kinds that carry an answer deadline (DOMAIN.md "Feedback"). 异议 objections are counted, not answered. */
export const FEEDBACK_POLICY_KINDS = [
  'opinion',
  'inquiry',
  'report',
  'mailbox',
  'handedDown',
  'proposal',
  'jointRequest',
] as const;

/** A key of {@link FEEDBACK_POLICIES}. */
export type FeedbackPolicyKind = (typeof FEEDBACK_POLICY_KINDS)[number];

/**
 * Default answer deadlines, all per-organisation policy presets (DOMAIN.md "Feedback"):
 * - opinion 意见/建议, inquiry 质询, report 反映/举报: 15 calendar days (seed 000 篇二 四 "15日内作出答复");
 * - mailbox 意见箱: 5 working days (seed 002);
 * - handedDown 上级交办: 3 months; proposal 人大建议/政协提案: 2 months (seed 001);
 * - jointRequest 联名申请: disclose within 5 working days once the threshold is met.
 */
export const FEEDBACK_POLICIES: Readonly<Record<FeedbackPolicyKind, Readonly<DuePolicy>>> = Object.freeze({
  opinion: { unit: 'calendarDays', amount: 15 },
  inquiry: { unit: 'calendarDays', amount: 15 },
  report: { unit: 'calendarDays', amount: 15 },
  mailbox: { unit: 'workdays', amount: 5 },
  handedDown: { unit: 'months', amount: 3 },
  proposal: { unit: 'months', amount: 2 },
  jointRequest: { unit: 'workdays', amount: 5 },
});

/**
 * The obligation a met joint request creates: disclose within 5 working days (DOMAIN.md "Feedback":
 * "disclose within 5 working days once the threshold is met"). Same value as `FEEDBACK_POLICIES.jointRequest`.
 */
export const JOINT_REQUEST_DISCLOSURE_POLICY: Readonly<DuePolicy> = FEEDBACK_POLICIES.jointRequest;

/**
 * The default answer deadline of a feedback item by its API type (DOMAIN.md "Feedback" table; API.md
 * `POST /feedback` types): `null` for objections, which are counted against the threshold, not answered.
 */
export function defaultFeedbackPolicy(
  type: 'opinion' | 'inquiry' | 'objection' | 'joint_request' | 'report',
): Readonly<DuePolicy> | null {
  switch (type) {
    case 'objection':
      return null;
    case 'joint_request':
      return FEEDBACK_POLICIES.jointRequest;
    default:
      return FEEDBACK_POLICIES[type];
  }
}
