import { Types } from 'mongoose';
import { NotFoundError, objectionReached, objectionsNeeded, publishDeadline } from '@sanwu/shared';
import { appendAudit } from '../audit/audit.service';
import { countObjectors } from '../disclosures/objection-tally';
import { inspectorsAbove, notify, usersWithRoleAt } from '../notifications/notification.service';
import { loadOrg } from '../policy/authorize';
import { registryCounts } from '../residents/registry-links';
import type { DisclosureGateway } from './disclosure-gateway';
import type { FeedbackDoc } from './feedback.model';
import { Obligation, type ObligationDoc } from './feedback-extras.model';
import { startObligation, type NewObligation } from './obligations';
import { appCalendar } from '../calendar/calendar.service';

// Objections: counted once per verified villager against the resident registry (DOMAIN.md
// "Objection threshold"); reaching half obliges the village to correct and republish.

/** The objection tally the threshold is decided on (the route GET /disclosures/:id/objections is the disclosures feature's). */
export interface ObjectionTally {
  count: number;
  base: number;
  threshold: number | null;
  reached: boolean;
  correctionDueAt: string | null;
}

/** Distinct verified villagers (one objection per active registry entry) against the registry. */
export async function objectionTally(
  gateway: DisclosureGateway,
  disclosureId: string,
): Promise<ObjectionTally> {
  const disclosure = await gateway.findPublished(disclosureId);
  if (!disclosure) throw new NotFoundError('公开事项不存在或尚未发布');
  const [count, counts, obligation] = await Promise.all([
    // The same count the public tally shows (GET /disclosures/:id/objections), so the flag and the page agree.
    countObjectors(new Types.ObjectId(disclosureId), new Types.ObjectId(String(disclosure.orgId))),
    registryCounts(disclosure.orgId),
    Obligation.findOne({ kind: 'correction', disclosureId: new Types.ObjectId(disclosureId) }).lean(),
  ]);
  return {
    count,
    base: counts.villagers,
    threshold: objectionsNeeded(counts.villagers),
    reached: objectionReached(count, counts.villagers),
    correctionDueAt: obligation ? obligation.dueAt.toISOString() : null,
  };
}

/**
 * After an objection is stored: when 半数以上 of the registered villagers object, the disclosure is
 * flagged for correction, a correction deadline starts, and the cadres, the supervision group and
 * the township are told — once, however many objections follow.
 */
export async function afterObjection(
  gateway: DisclosureGateway,
  item: FeedbackDoc,
  now: Date,
): Promise<void> {
  const disclosureId = String(item.disclosureId);
  const tally = await objectionTally(gateway, disclosureId);
  if (!tally.reached) return;
  const org = await loadOrg(String(item.orgId));
  const due = publishDeadline('immediate', now, appCalendar())!;
  const reason = `异议人数已达 ${tally.count} 人（登记村民 ${tally.base} 人的半数以上），须更正后重新公开`;
  await startObligation({
    kind: 'correction',
    orgId: org._id,
    orgPath: org.path,
    disclosureId: new Types.ObjectId(disclosureId),
    feedbackId: null,
    reason,
    startedAt: now,
    dueAt: due.dueAt,
    dueDate: due.dueDate,
    // Checked at the next sweep too, so an announcement cut short by a crash is completed there.
    nextCheckAt: now,
  } as NewObligation);
  const obligation = await Obligation.findOne({
    kind: 'correction',
    disclosureId: new Types.ObjectId(disclosureId),
  }).lean<ObligationDoc>();
  if (obligation) await announceCorrection(gateway, obligation, now);
}

/**
 * Flags the disclosure and tells the cadres, the supervision group and the township that a
 * correction is due. Every effect is idempotent (conditional flag, unique notification keys,
 * `announcedAt` claimed before the audit entry), so it can run again after a crash.
 */
export async function announceCorrection(
  gateway: DisclosureGateway,
  ob: ObligationDoc,
  now: Date,
): Promise<void> {
  if (ob.announcedAt || !ob.disclosureId) return;
  const disclosureId = String(ob.disclosureId);
  await gateway.flagForCorrection(disclosureId, ob.reason, ob.dueAt, now);
  const [org, disclosure] = await Promise.all([
    loadOrg(String(ob.orgId)),
    gateway.findPublished(disclosureId),
  ]);
  const [cadres, supervisors, township] = await Promise.all([
    usersWithRoleAt('cadre', org._id),
    usersWithRoleAt('supervisor', org._id),
    inspectorsAbove(org.path),
  ]);
  await notify({
    key: `obligation:${String(ob._id)}:started`,
    userIds: [...cadres, ...supervisors, ...(org.supervisionGroup ?? []).map(String), ...township],
    kind: 'objection.reached',
    title: '异议达到法定人数',
    body: `「${disclosure?.title ?? '公开事项'}」${ob.reason}，更正期限 ${ob.dueDate}`,
    disclosureId,
    at: now,
  });
  const claimed = await Obligation.updateOne(
    { _id: ob._id, announcedAt: null },
    { $set: { announcedAt: now } },
  );
  if (claimed.modifiedCount === 0) return;
  await appendAudit({
    orgId: org._id,
    action: 'disclosure.correction-required',
    target: { type: 'disclosure', id: disclosureId },
    summary: { after: { reason: ob.reason, dueDate: ob.dueDate } },
    at: now,
  });
}
