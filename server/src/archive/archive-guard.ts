import type { Types } from 'mongoose';
import { InvalidStateError, shanghaiDate } from '@sanwu/shared';
import { Archive } from './archive.model';

// The read-only rule of archived years, asked by the write paths of disclosures and feedback
// (their one guarded save each): a write to a record of a closed year answers 409.

/** The year a disclosure belongs to: its period's, else the day it was settled, else its creation. */
export function disclosureYear(doc: {
  period?: string | null;
  settledOn?: string | null;
  createdAt?: Date | null;
}) {
  const day = doc.period ?? doc.settledOn ?? (doc.createdAt ? shanghaiDate(doc.createdAt) : null);
  return day ? Number(day.slice(0, 4)) : null;
}

/** The year a feedback item belongs to: the day it was received (Asia/Shanghai). */
export function feedbackYear(doc: { createdAt: Date }): number {
  return Number(shanghaiDate(doc.createdAt).slice(0, 4));
}

export const ARCHIVED_MESSAGE = '该年度已归档，记录只读；如需更正请提交数据修改申请';

/** Throws 409 INVALID_STATE when `year` of the org is archived. */
export async function ensureNotArchived(orgId: Types.ObjectId | string, year: number | null): Promise<void> {
  if (year === null) return;
  if (await Archive.exists({ orgId, year })) throw new InvalidStateError(ARCHIVED_MESSAGE);
}

/** Guard of the disclosure write path (disclosure-store.ts saveGuarded). */
export function ensureDisclosureWritable(doc: {
  orgId: Types.ObjectId;
  period?: string | null;
  settledOn?: string | null;
  createdAt?: Date | null;
}): Promise<void> {
  return ensureNotArchived(doc.orgId, disclosureYear(doc));
}

/** Guard of the feedback write path (feedback-transition.ts moveFeedback). */
export function ensureFeedbackWritable(doc: { orgId: Types.ObjectId; createdAt: Date }): Promise<void> {
  return ensureNotArchived(doc.orgId, feedbackYear(doc));
}
