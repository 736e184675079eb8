import type { Types } from 'mongoose';
import { nextCheckAfter, reachedCheckpoint, type ReminderSettings } from '../feedback/feedback-deadlines';
import { inspectorsAbove, notify, usersWithRoleAt } from '../notifications/notification.service';
import { Notice, type NoticeDoc } from './notice.model';

// The scheduler's look at a 通报 whose check has come due: remind the named orgs that have not
// reported yet, or mark them overdue and tell the issuing inspectors. Idempotent like the
// feedback checks: keyed notifications, conditional marks, `nextCheckAt` moved last.

/** Notices whose check is due (the partial { nextCheckAt } index). */
export function dueNotices(now: Date, batch: number): Promise<NoticeDoc[]> {
  return Notice.find({ nextCheckAt: { $lte: now } })
    .sort({ nextCheckAt: 1 })
    .limit(batch)
    .lean<NoticeDoc[]>();
}

export async function checkNotice(
  n: NoticeDoc,
  now: Date,
  reminders: ReminderSettings,
): Promise<string | null> {
  const pending = n.state === 'open' ? n.orgs.filter((o) => !o.respondedAt) : [];
  const point = pending.length
    ? reachedCheckpoint({ dueDate: n.rectifyBy, dueAt: n.dueAt }, now, reminders)
    : null;
  for (const o of pending) {
    if (!point) break;
    const key = `notice:${String(n._id)}:${String(o.orgId)}:${point}`;
    const cadres = await usersWithRoleAt('cadre', o.orgId as Types.ObjectId);
    if (point === 'overdue') {
      await Notice.updateOne(
        { _id: n._id, orgs: { $elemMatch: { orgId: o.orgId, overdueAt: null } } },
        { $set: { 'orgs.$.overdueAt': now }, $inc: { rev: 1 } },
      );
      const inspectors = await usersWithRoleAt('inspector', n.issuerOrgId as Types.ObjectId);
      await notify({
        key,
        userIds: [...cadres, ...(inspectors.length ? inspectors : await inspectorsAbove([n.issuerOrgId]))],
        kind: 'notice.overdue',
        title: '整改期限已过仍未报告',
        body: `${o.orgName}：${n.title}（期限 ${n.rectifyBy}）`,
        at: now,
      });
    } else {
      await notify({
        key,
        userIds: cadres,
        kind: 'notice.reminder',
        title: point === 'remind-due' ? '通报整改今日到期' : '通报整改期限将至',
        body: `${n.title}（期限 ${n.rectifyBy}）`,
        at: now,
      });
    }
  }
  const next = pending.length
    ? nextCheckAfter({ dueDate: n.rectifyBy, dueAt: n.dueAt }, now, reminders)
    : null;
  await Notice.updateOne({ _id: n._id, nextCheckAt: n.nextCheckAt }, { $set: { nextCheckAt: next } });
  return point;
}
