import { Types } from 'mongoose';
import {
  FEEDBACK_AWAITING_ANSWER,
  FEEDBACK_TYPE_LABELS,
  type FeedbackState,
  type FeedbackType,
} from '@sanwu/shared';
import type { DisclosureGateway } from '../feedback/disclosure-gateway';
import { nextCheckAfter, reachedCheckpoint, type ReminderSettings } from '../feedback/feedback-deadlines';
import { Obligation, type ObligationDoc } from '../feedback/feedback-extras.model';
import { announceCorrection } from '../feedback/objections.service';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import { timelineEntry } from '../feedback/feedback-transition';
import {
  inspectorsAbove,
  nearestInspectors,
  notify,
  usersWithRoleAt,
  type RecipientCache,
} from '../notifications/notification.service';

// What the sweep does when a deadline checkpoint comes due. Every effect is idempotent: the
// notifications have unique keys, the overdue mark is a conditional update, and `nextCheckAt`
// moves on only after the effects, so a crash mid-way repeats work without duplicating it.

/** Who owes the answer: the handling org's cadres, or its inspectors once escalated. */
async function owers(item: FeedbackDoc, cache?: RecipientCache): Promise<string[]> {
  if (item.state === 'escalated') return nearestInspectors(item.handlingOrgPath, cache);
  return usersWithRoleAt('cadre', item.handlingOrgId, cache);
}

/** Acts on one item whose `nextCheckAt` has come: a reminder, or marking it overdue. */
export async function checkFeedback(
  item: FeedbackDoc,
  now: Date,
  reminders: ReminderSettings,
  cache?: RecipientCache,
): Promise<string | null> {
  const awaiting = FEEDBACK_AWAITING_ANSWER.includes(item.state as FeedbackState);
  let done: string | null = null;
  if (awaiting && item.dueAt && item.dueDate) {
    const point = reachedCheckpoint({ dueDate: item.dueDate, dueAt: item.dueAt }, now, reminders);
    const label = FEEDBACK_TYPE_LABELS[item.type as FeedbackType];
    const base = { feedbackId: item._id, at: now };
    const key = `fb:${String(item._id)}:${point}:${item.dueDate}`;
    if (point === 'remind-before' || point === 'remind-due') {
      await notify({
        ...base,
        key,
        userIds: await owers(item, cache),
        kind: 'feedback.reminder',
        title: point === 'remind-due' ? `${label}今日到期` : `${label}即将到期`,
        body: `答复期限 ${item.dueDate}：${item.content.slice(0, 30)}`,
      });
      done = point;
    } else if (point === 'overdue') {
      await Feedback.updateOne(
        { _id: item._id, overdueAt: null, dueAt: item.dueAt },
        {
          $set: { overdueAt: now },
          $push: {
            timeline: timelineEntry('overdue', now, { text: `已超过答复期限（${item.dueDate}）仍未答复` }),
          },
          $inc: { rev: 1 },
        },
      );
      const above = await inspectorsAbove(item.handlingOrgPath, cache);
      await notify({
        ...base,
        key,
        userIds: [...(await owers(item, cache)), ...above],
        kind: 'feedback.overdue',
        title: `${label}已超期`,
        body: `答复期限 ${item.dueDate} 已过：${item.content.slice(0, 30)}`,
      });
      if (item.authorId) {
        await notify({
          ...base,
          key: `${key}:author`,
          userIds: [item.authorId],
          kind: 'feedback.overdue',
          title: '您的意见已超期未答复',
          body: '可申请上级督办',
        });
      }
      done = point;
    }
  }
  const next = awaiting
    ? nextCheckAfter({ dueDate: item.dueDate ?? null, dueAt: item.dueAt ?? null }, now, reminders)
    : null;
  // Conditional: an escalation that set a new deadline meanwhile keeps its own next check.
  await Feedback.updateOne({ _id: item._id, nextCheckAt: item.nextCheckAt }, { $set: { nextCheckAt: next } });
  return done;
}

/** Acts on one obligation (correction after objections): met, a reminder, or overdue. */
export async function checkObligation(
  ob: ObligationDoc,
  now: Date,
  reminders: ReminderSettings,
  gateway: DisclosureGateway,
  cache?: RecipientCache,
): Promise<string | null> {
  if (!ob.announcedAt && ob.kind === 'correction') await announceCorrection(gateway, ob, now);
  if (!ob.metAt && ob.kind === 'correction' && ob.disclosureId) {
    if (await gateway.correctedSince(String(ob.disclosureId), ob.startedAt)) {
      await Obligation.updateOne({ _id: ob._id }, { $set: { metAt: now, nextCheckAt: null } });
      return 'met';
    }
  }
  if (ob.metAt) {
    await Obligation.updateOne({ _id: ob._id }, { $set: { nextCheckAt: null } });
    return null;
  }
  const point = reachedCheckpoint(ob, now, reminders);
  const key = `obligation:${String(ob._id)}:${point}`;
  const common = {
    key,
    disclosureId: ob.disclosureId as Types.ObjectId | null,
    feedbackId: ob.feedbackId as Types.ObjectId | null,
    at: now,
  };
  if (point === 'overdue') {
    await Obligation.updateOne({ _id: ob._id, overdueAt: null }, { $set: { overdueAt: now } });
    await notify({
      ...common,
      userIds: [
        ...(await usersWithRoleAt('cadre', ob.orgId, cache)),
        ...(await inspectorsAbove(ob.orgPath, cache)),
      ],
      kind: 'obligation.overdue',
      title: '整改期限已过仍未落实',
      body: `${ob.reason}（期限 ${ob.dueDate}）`,
    });
  } else if (point) {
    await notify({
      ...common,
      userIds: await usersWithRoleAt('cadre', ob.orgId, cache),
      kind: 'obligation.reminder',
      title: '整改期限将至',
      body: `${ob.reason}（期限 ${ob.dueDate}）`,
    });
  }
  await Obligation.updateOne(
    { _id: ob._id, nextCheckAt: ob.nextCheckAt },
    { $set: { nextCheckAt: nextCheckAfter(ob, now, reminders) } },
  );
  return point;
}
