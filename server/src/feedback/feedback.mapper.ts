import {
  isOverdue,
  shanghaiDate,
  startOfShanghaiDay,
  addCalendarDays,
  maskName,
  workdaysLeft,
  type DuePolicy,
  type FeedbackDto,
  type FeedbackState,
  type FeedbackType,
  type TimelineEntryDto,
} from '@sanwu/shared';
import type { FeedbackDoc } from './feedback.model';
import { type ReminderSettings } from './feedback-deadlines';
import { appCalendar } from '../calendar/calendar.service';

/** full: the author and staff who handle it; public: anyone, for a public item. */
export type FeedbackView = 'full' | 'public';

const id = (v: unknown) => (v ? String(v) : null);

/** The API shape of an item: the public view masks the author and keeps only public steps. */
export function toFeedbackDto(
  f: FeedbackDoc,
  view: FeedbackView,
  now: Date,
  reminders: ReminderSettings,
): FeedbackDto {
  const state = f.state as FeedbackState;
  const dueAt = f.dueAt ?? null;
  const overdue = isOverdue({ state, dueAt }, now);
  const left = dueAt && f.dueDate ? workdaysLeft(appCalendar(), now, f.dueDate) : null;
  const shownName = view === 'full' || f.showNamePublicly ? f.authorName : maskName(f.authorName);
  const timeline: TimelineEntryDto[] = f.timeline
    .filter((e) => view === 'full' || e.public)
    .map((e) => ({
      kind: e.kind,
      at: e.at.toISOString(),
      // A resident's own steps carry their name, masked like the author in the public view.
      actorName:
        e.actorId && f.authorId && String(e.actorId) === String(f.authorId)
          ? shownName
          : (e.actorName ?? null),
      orgId: id(e.orgId),
      orgName: e.orgName ?? null,
      toOrgId: id(e.toOrgId),
      toOrgName: e.toOrgName ?? null,
      text: e.text ?? null,
      public: e.public ?? true,
    }));
  return {
    id: String(f._id),
    orgId: String(f.orgId),
    handlingOrgId: String(f.handlingOrgId),
    disclosureId: id(f.disclosureId),
    type: f.type as FeedbackType,
    content: f.content,
    images: (f.images ?? []).map(String),
    authorName: shownName,
    showNamePublicly: f.showNamePublicly ?? false,
    public: f.public ?? false,
    assisted: Boolean(f.assisted?.byId),
    confirmed: !f.assisted?.byId || Boolean(f.assisted?.confirmedAt),
    state,
    dueAt: dueAt ? dueAt.toISOString() : null,
    dueDate: f.dueDate ?? null,
    provisional: f.provisional ?? false,
    policy: f.policy?.unit ? ({ unit: f.policy.unit, amount: f.policy.amount } as DuePolicy) : null,
    overdue,
    dueSoon:
      !overdue &&
      left !== null &&
      left <= reminders.workdaysBefore &&
      state !== 'closed' &&
      !['answered', 'rated'].includes(state),
    workdaysLeft: left,
    rating: f.rating?.score ? { score: f.rating.score, comment: f.rating.comment ?? null } : null,
    timeline,
    createdAt: f.createdAt.toISOString(),
  };
}

/**
 * The first instant after `now` at which `toFeedbackDto` of any of `items` answers differently with
 * nothing stored changing: the next Shanghai midnight (working days left, due soon) or the first
 * deadline still ahead (overdue turns true once `now` is past `dueAt`).
 */
export function countdownsChangeAt(items: readonly Pick<FeedbackDoc, 'dueAt'>[], now: Date): number {
  let until = startOfShanghaiDay(addCalendarDays(shanghaiDate(now), 1)).getTime();
  for (const { dueAt } of items) {
    const flips = dueAt ? dueAt.getTime() + 1 : Infinity;
    if (flips > now.getTime() && flips < until) until = flips;
  }
  return until;
}
