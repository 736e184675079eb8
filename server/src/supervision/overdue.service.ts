import type { Types } from 'mongoose';
import { FEEDBACK_AWAITING_ANSWER, shanghaiDate, workdaysBetween, type OverdueBoardDto } from '@sanwu/shared';
import { Obligation } from '../feedback/feedback-extras.model';
import { DEFAULT_REMINDERS, type ReminderSettings } from '../feedback/feedback-deadlines';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import type { LoadedActor } from '../policy/authorize';
import { CATALOGUE_NAMES, complianceEntries } from './compliance.service';
import { orgNames, toComplaint } from './complaints.service';
import { supervisedSubtree, yearRange, type Subtree } from './subtree';
import { appCalendar } from '../calendar/calendar.service';

// What is late right now in a subtree (DOMAIN.md "Supervision" 预警): feedback past its deadline
// and unanswered; scheduled disclosures missing past their publish-by day this year; corrections
// owed after an objection threshold and not made by their deadline.

const MAX_ITEMS = 500;

/** Unanswered items past their deadline, most overdue first (the inbox index serves it). */
export async function overdueFeedback(orgId: Types.ObjectId, now: Date): Promise<FeedbackDoc[]> {
  return Feedback.find({
    handlingOrgPath: orgId,
    state: { $in: FEEDBACK_AWAITING_ANSWER },
    sortDue: { $lt: now },
  })
    .sort({ sortDue: 1 })
    .limit(MAX_ITEMS)
    .lean<FeedbackDoc[]>();
}

export async function overdueDisclosures(tree: Subtree, now: Date): Promise<OverdueBoardDto['disclosures']> {
  const cal = appCalendar();
  const year = Number(shanghaiDate(now).slice(0, 4));
  const entries = await complianceEntries(tree.orgs, yearRange(year, now), now);
  const out: OverdueBoardDto['disclosures'] = [];
  for (const [orgId, list] of entries) {
    for (const e of list) {
      if (e.status !== 'missing') continue;
      out.push({
        orgId,
        orgName: tree.names.get(orgId) ?? '',
        kind: 'missing',
        catalogueCode: e.catalogueCode,
        periodKey: e.periodKey,
        disclosureId: null,
        title: `${CATALOGUE_NAMES.get(e.catalogueCode) ?? e.catalogueCode}（${e.periodKey}）未公开`,
        dueDate: e.publishBy,
        overdueWorkdays: e.lateWorkdays,
      });
    }
  }
  const obligations = await Obligation.find({ orgPath: tree.org._id, metAt: null, dueAt: { $lt: now } })
    .sort({ dueAt: 1 })
    .limit(MAX_ITEMS)
    .lean();
  for (const ob of obligations) {
    out.push({
      orgId: String(ob.orgId),
      orgName: tree.names.get(String(ob.orgId)) ?? '',
      kind: 'correction',
      catalogueCode: null,
      periodKey: null,
      disclosureId: ob.disclosureId ? String(ob.disclosureId) : null,
      title: ob.reason,
      dueDate: ob.dueDate,
      overdueWorkdays: workdaysBetween(cal, ob.dueDate, shanghaiDate(now)),
    });
  }
  return out.sort((a, b) => b.overdueWorkdays - a.overdueWorkdays);
}

/** `GET /supervision/overdue`. */
export async function overdueBoard(
  actor: LoadedActor,
  orgId: string,
  now: Date,
  reminders: ReminderSettings = DEFAULT_REMINDERS,
): Promise<OverdueBoardDto> {
  const tree = await supervisedSubtree(actor, orgId);
  const items = await overdueFeedback(tree.org._id as Types.ObjectId, now);
  const names = await orgNames(items);
  return {
    asOf: now.toISOString(),
    feedback: items.map((f) => toComplaint(f, names, now, reminders)),
    disclosures: await overdueDisclosures(tree, now),
  };
}
