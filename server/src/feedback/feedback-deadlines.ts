import {
  addWorkdays,
  computeDue,
  startOfShanghaiDay,
  type Due,
  type DuePolicy,
  type FeedbackPolicyKind,
  type FeedbackType,
} from '@sanwu/shared';
import { appCalendar } from '../calendar/calendar.service';
import { effectiveOrgPolicy } from '../orgs/org-policy.service';
import type { OrgDoc } from '../orgs/org.model';

/** When reminders go out (REMINDER_* in config): N working days before, and on the due day. */
export interface ReminderSettings {
  workdaysBefore: number;
  onDueDay: boolean;
}

export const DEFAULT_REMINDERS: ReminderSettings = { workdaysBefore: 3, onDueDay: true };

/** The org policy key of a feedback type; objections have no answer deadline. */
export function policyKind(type: FeedbackType): FeedbackPolicyKind | null {
  if (type === 'objection') return null;
  if (type === 'joint_request') return 'jointRequest';
  return type;
}

/** The deadline of a new item under the org's current policy, with the policy used (the snapshot). */
export function dueFor(
  org: Pick<OrgDoc, 'policy'>,
  kind: FeedbackPolicyKind | null,
  start: Date,
): { policy: DuePolicy; due: Due } | null {
  if (!kind) return null;
  const policy = effectiveOrgPolicy(org).feedbackPolicies[kind];
  return { policy, due: computeDue(policy, start, appCalendar()) };
}

/** The far-future sort key of items without a deadline (they sort after every dated one). */
export const NO_DEADLINE = new Date(8_640_000_000_000_000);

/** A point at which the scheduler acts on a deadline. */
export type Checkpoint = 'remind-before' | 'remind-due' | 'overdue';

/** The checkpoints of a deadline, in time order: reminders at the start of their Shanghai day, then overdue. */
export function checkpoints(
  due: { dueDate: string; dueAt: Date },
  settings: ReminderSettings,
): { at: Date; point: Checkpoint }[] {
  const cal = appCalendar();
  const points: { at: Date; point: Checkpoint }[] = [];
  if (settings.workdaysBefore > 0) {
    const day = addWorkdays(cal, due.dueDate, -settings.workdaysBefore).date;
    points.push({ at: startOfShanghaiDay(day), point: 'remind-before' });
  }
  if (settings.onDueDay) points.push({ at: startOfShanghaiDay(due.dueDate), point: 'remind-due' });
  points.push({ at: new Date(due.dueAt.getTime() + 1), point: 'overdue' });
  return points;
}

/** The next checkpoint strictly after `after`, or null when the deadline's work is done. */
export function nextCheckAfter(
  due: { dueDate: string | null; dueAt: Date | null },
  after: Date,
  settings: ReminderSettings,
): Date | null {
  if (!due.dueAt || !due.dueDate) return null;
  const next = checkpoints({ dueDate: due.dueDate, dueAt: due.dueAt }, settings).find(
    (c) => c.at.getTime() > after.getTime(),
  );
  return next?.at ?? null;
}

/** The latest checkpoint reached at `now` (only that one acts: a late sweep does not send stale reminders). */
export function reachedCheckpoint(
  due: { dueDate: string; dueAt: Date },
  now: Date,
  settings: ReminderSettings,
): Checkpoint | null {
  const reached = checkpoints(due, settings).filter((c) => c.at.getTime() <= now.getTime());
  return reached.at(-1)?.point ?? null;
}
