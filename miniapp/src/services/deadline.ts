import {
  computeDue,
  defaultCalendar,
  defaultFeedbackPolicy,
  type DuePolicy,
  type FeedbackType,
} from '@sanwu/shared';
import { chineseDate } from '../components/format';

/**
 * The org's own deadline overrides, when its detail carries them. NOTE: `GET /orgs/:id` shows a
 * policy summary without `feedbackPolicies` today, so the preview uses the defaults; the answer
 * to `POST /feedback` carries the server's due date, which the page shows after sending.
 */
export interface OrgFeedbackPolicies {
  policy?: { feedbackPolicies?: Partial<Record<string, DuePolicy>> };
}

const POLICY_KIND: Record<FeedbackType, string | null> = {
  opinion: 'opinion',
  inquiry: 'inquiry',
  report: 'report',
  joint_request: 'jointRequest',
  objection: null,
};

/**
 * The sentence shown before sending: "村委会应在 2026年10月12日 前答复", computed with the shared
 * deadline rule and the org's policy (the server computes the same and answers with `dueAt`).
 */
export function duePreview(
  type: FeedbackType,
  org: OrgFeedbackPolicies | undefined,
  now: Date,
  who = '村委会',
): string {
  const kind = POLICY_KIND[type];
  if (kind === null) return '异议不设答复期限：达到本村登记村民半数的，须更正后重新公开。';
  const policy = org?.policy?.feedbackPolicies?.[kind] ?? defaultFeedbackPolicy(type);
  if (!policy) return '';
  if (type === 'joint_request') {
    // The period starts when the threshold is met, not now: no date can be promised yet.
    const within = policy.unit === 'workdays' ? `${policy.amount} 个工作日` : `${policy.amount} 天`;
    return `本村十分之一以上村民（或三分之一以上村民代表）联名后，${who}须在 ${within}内公开`;
  }
  const due = computeDue(policy, now, defaultCalendar());
  // A 反映/举报 goes to the level above the village (DOMAIN.md "Feedback").
  const answerer = type === 'report' ? '上级（乡镇、街道）' : who;
  return `${answerer}应在 ${chineseDate(due.dueDate)} 前答复${due.provisional ? '（节假日安排未公布，暂按工作日推算）' : ''}`;
}
