import { Types, type QueryFilter } from 'mongoose';
import {
  FEEDBACK_AWAITING_ANSWER,
  type ComplaintDto,
  type ComplaintQuery,
  type Paginated,
} from '@sanwu/shared';
import { DEFAULT_REMINDERS, type ReminderSettings } from '../feedback/feedback-deadlines';
import { toFeedbackDto } from '../feedback/feedback.mapper';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import { Org } from '../orgs/org.model';
import type { LoadedActor } from '../policy/authorize';
import { periodOf, supervisedSubtree } from './subtree';

// The complaint log (台账): every feedback item received in the subtree, with its full timeline.

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The filter of a complaint-log query: items received in the subtree or handled in it now (a
 * transfer or escalation brings an item in from elsewhere), each branch served by its index
 * ({ orgPath, createdAt } and the inbox's { handlingOrgPath, … }).
 */
export function complaintFilter(
  orgId: Types.ObjectId,
  q: Omit<ComplaintQuery, 'orgId' | 'page' | 'pageSize'>,
  now: Date,
): QueryFilter<FeedbackDoc> {
  const period = periodOf(now, q.from ?? '2000-01-01', q.to);
  const and: QueryFilter<FeedbackDoc>[] = [
    { $or: [{ orgPath: orgId }, { handlingOrgPath: orgId }] },
    { createdAt: { $gte: period.start, $lte: period.end } },
  ];
  if (q.type) and.push({ type: q.type });
  if (q.status) and.push({ state: q.status });
  if (q.overdue === true) {
    and.push({ state: { $in: FEEDBACK_AWAITING_ANSWER } }, { dueAt: { $lt: now } });
  } else if (q.overdue === false) {
    and.push({
      $or: [{ state: { $nin: FEEDBACK_AWAITING_ANSWER } }, { dueAt: null }, { dueAt: { $gte: now } }],
    });
  }
  // A literal substring: Chinese has no word boundaries for a text index to use.
  if (q.q) and.push({ content: { $regex: escapeRegex(q.q) } });
  return { $and: and };
}

/** Org names for a page of items (addressed and handling orgs). */
export async function orgNames(items: FeedbackDoc[]): Promise<Map<string, string>> {
  const ids = [...new Set(items.flatMap((f) => [String(f.orgId), String(f.handlingOrgId)]))];
  const orgs = await Org.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } })
    .select({ name: 1 })
    .lean();
  return new Map(orgs.map((o) => [String(o._id), o.name]));
}

export function toComplaint(
  f: FeedbackDoc,
  names: Map<string, string>,
  now: Date,
  reminders: ReminderSettings = DEFAULT_REMINDERS,
): ComplaintDto {
  return {
    ...toFeedbackDto(f, 'full', now, reminders),
    orgName: names.get(String(f.orgId)) ?? '',
    handlingOrgName: names.get(String(f.handlingOrgId)) ?? '',
  };
}

/** `GET /supervision/complaints`: newest first, a page at a time. */
export async function listComplaints(
  actor: LoadedActor,
  q: ComplaintQuery,
  now: Date,
  reminders?: ReminderSettings,
): Promise<Paginated<ComplaintDto>> {
  const { org } = await supervisedSubtree(actor, q.orgId);
  const filter = complaintFilter(org._id as Types.ObjectId, q, now);
  const [docs, total] = await Promise.all([
    Feedback.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<FeedbackDoc[]>(),
    Feedback.countDocuments(filter),
  ]);
  const names = await orgNames(docs);
  return {
    items: docs.map((f) => toComplaint(f, names, now, reminders)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
