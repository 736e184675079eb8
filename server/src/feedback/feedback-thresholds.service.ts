import { Types } from 'mongoose';
import {
  ConflictError,
  computeDue,
  ForbiddenError,
  jointRequestProgress,
  jointRequestRepresentativeSignaturesNeeded,
  jointRequestVillagerSignaturesNeeded,
  NotFoundError,
  objectionReached,
  objectionsNeeded,
  JOINT_REQUEST_DISCLOSURE_POLICY,
  publishDeadline,
  type DuePolicy,
  type JointRequestStatusDto,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { inspectorsAbove, notify, usersWithRoleAt } from '../notifications/notification.service';
import { loadOrg } from '../policy/authorize';
import type { LoadedActor } from '../policy/authorize';
import { activeResidentFor, registryCounts } from '../residents/registry-links';
import type { DisclosureGateway } from './disclosure-gateway';
import { Feedback, type FeedbackDoc } from './feedback.model';
import { feedbackCalendar, nextCheckAfter, type ReminderSettings } from './feedback-deadlines';
import { JointSignature, Obligation, type ObligationDoc } from './feedback-extras.model';
import { timelineEntry } from './feedback-transition';

// Objections and joint requests: the two kinds of feedback that count people against the
// resident registry (DOMAIN.md "Objection threshold", "Joint request threshold").

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Starts an obligation once (unique per subject); returns it only when this call created it. */
async function startObligation(
  fields: Omit<ObligationDoc, '_id' | 'metAt' | 'overdueAt' | 'announcedAt'>,
): Promise<ObligationDoc | null> {
  try {
    const created = await Obligation.create(fields);
    return created.toObject() as ObligationDoc;
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
}

/** The objection tally the threshold is decided on (the route GET /disclosures/:id/objections is the disclosures feature's). */
export interface ObjectionTally {
  count: number;
  base: number;
  threshold: number | null;
  reached: boolean;
  correctionDueAt: string | null;
}

/** Distinct verified villagers (one objection per registry entry, by unique index) against the registry. */
export async function objectionTally(
  gateway: DisclosureGateway,
  disclosureId: string,
): Promise<ObjectionTally> {
  const disclosure = await gateway.findPublished(disclosureId);
  if (!disclosure) throw new NotFoundError('公开事项不存在或尚未发布');
  const [count, counts, obligation] = await Promise.all([
    Feedback.countDocuments({ disclosureId: new Types.ObjectId(disclosureId), type: 'objection' }),
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
  const due = publishDeadline('immediate', now, feedbackCalendar())!;
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
  } as Omit<ObligationDoc, '_id' | 'metAt' | 'overdueAt' | 'announcedAt'>);
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

async function signatureCounts(feedbackId: Types.ObjectId) {
  const [villagerSignatures, representativeSignatures] = await Promise.all([
    JointSignature.countDocuments({ feedbackId }),
    JointSignature.countDocuments({ feedbackId, isRepresentative: true }),
  ]);
  return { villagerSignatures, representativeSignatures };
}

/** Records a verified villager's signature on a joint request (the creator signs first). */
export async function sign(
  item: FeedbackDoc,
  userId: string,
  now: Date,
  meta: RequestMeta = {},
): Promise<void> {
  const resident = await activeResidentFor(userId, String(item.orgId));
  if (!resident) throw new ForbiddenError('只有已认证的本村村民才能联名');
  try {
    await JointSignature.create({
      feedbackId: item._id,
      userId: new Types.ObjectId(userId),
      residentId: resident._id,
      isRepresentative: resident.isRepresentative ?? false,
      at: now,
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ConflictError('您已在该联名申请上签名');
    throw err;
  }
  // The creator's own signature is the "submitted" step; co-signers get a step each (names stay
  // off the public timeline: who signed is shown to the org, the count to everyone).
  if (item.authorId && String(item.authorId) !== userId) {
    const total = await JointSignature.countDocuments({ feedbackId: item._id });
    await Feedback.updateOne(
      { _id: item._id },
      {
        $push: { timeline: timelineEntry('cosigned', now, { text: `又一位村民联名，共 ${total} 人` }) },
        $inc: { rev: 1 },
      },
    );
  }
  await appendAudit({
    orgId: item.orgId,
    actorId: userId,
    actorRole: 'resident',
    action: 'feedback.cosign',
    target: { type: 'feedback', id: String(item._id) },
    summary: {
      after: { residentId: String(resident._id), representative: resident.isRepresentative ?? false },
    },
    meta,
    at: now,
  });
}

/**
 * After a signature: once 十分之一以上 of villagers or 三分之一以上 of representatives signed, the
 * joint request becomes an obligation to disclose by a deadline (tracked like an answer deadline).
 */
export async function afterSignature(
  item: FeedbackDoc,
  actor: LoadedActor,
  now: Date,
  reminders: ReminderSettings,
  meta: RequestMeta = {},
): Promise<FeedbackDoc> {
  const counts = { ...(await registryCounts(String(item.orgId))), ...(await signatureCounts(item._id)) };
  const progress = jointRequestProgress(counts);
  if (!progress.reached || item.reachedAt) return item;
  const org = await loadOrg(String(item.orgId));
  // The policy snapshot taken at submission: a later policy change does not move this deadline.
  const policy: DuePolicy = item.policy?.unit
    ? ({ unit: item.policy.unit, amount: item.policy.amount } as DuePolicy)
    : JOINT_REQUEST_DISCLOSURE_POLICY;
  const due = computeDue(policy, now, feedbackCalendar());
  const reached = await Feedback.findOneAndUpdate(
    { _id: item._id, reachedAt: null },
    {
      $set: {
        reachedAt: now,
        dueAt: due.dueAt,
        dueDate: due.dueDate,
        sortDue: due.dueAt,
        provisional: due.provisional,
        nextCheckAt: nextCheckAfter(due, now, reminders),
      },
      $push: {
        timeline: timelineEntry('threshold_reached', now, {
          text: `联名人数达到法定比例，须在 ${due.dueDate} 前公开`,
          orgId: org._id,
          orgName: org.name,
        }),
      },
      $inc: { rev: 1 },
    },
    { returnDocument: 'after' },
  ).lean<FeedbackDoc>();
  if (!reached) return (await Feedback.findById(item._id).lean<FeedbackDoc>())!;
  await startObligation({
    kind: 'disclose',
    orgId: org._id,
    orgPath: org.path,
    disclosureId: null,
    feedbackId: item._id,
    reason: `联名申请公开：${item.content.slice(0, 40)}`,
    startedAt: now,
    dueAt: due.dueAt,
    dueDate: due.dueDate,
    nextCheckAt: null, // the item itself carries the reminders; the obligation records the duty
  } as Omit<ObligationDoc, '_id' | 'metAt' | 'overdueAt' | 'announcedAt'>);
  await notify({
    key: `fb:${String(item._id)}:joint-reached`,
    userIds: [...(await usersWithRoleAt('cadre', org._id)), ...(await inspectorsAbove(org.path))],
    kind: 'joint.reached',
    title: '联名申请达到法定人数',
    body: `须在 ${due.dueDate} 前公开：${item.content.slice(0, 30)}`,
    feedbackId: item._id,
    at: now,
  });
  await appendAudit({
    orgId: org._id,
    actorId: actor.userId,
    action: 'feedback.joint-reached',
    target: { type: 'feedback', id: String(item._id) },
    summary: { after: { ...counts, dueDate: due.dueDate } },
    meta,
    at: now,
  });
  return reached;
}

/** `GET /orgs/:id/joint-requests/:id` — public: who may demand a disclosure is everyone's business. */
export async function jointRequestStatus(orgId: string, id: string): Promise<JointRequestStatusDto> {
  const item = Types.ObjectId.isValid(id) ? await Feedback.findById(id).lean<FeedbackDoc>() : null;
  if (!item || item.type !== 'joint_request' || String(item.orgId) !== orgId)
    throw new NotFoundError('联名申请不存在');
  const registry = await registryCounts(orgId);
  const signatures = await signatureCounts(item._id);
  return {
    id,
    content: item.content,
    ...signatures,
    villagers: registry.villagers,
    representatives: registry.representatives,
    villagerSignaturesNeeded: jointRequestVillagerSignaturesNeeded(registry.villagers),
    representativeSignaturesNeeded: jointRequestRepresentativeSignaturesNeeded(registry.representatives),
    reached: Boolean(item.reachedAt),
    reachedAt: item.reachedAt ? item.reachedAt.toISOString() : null,
    disclosureDueAt: item.reachedAt && item.dueAt ? item.dueAt.toISOString() : null,
  };
}
