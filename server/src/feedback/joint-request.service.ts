import { Types } from 'mongoose';
import {
  computeDue,
  ConflictError,
  ForbiddenError,
  JOINT_REQUEST_DISCLOSURE_POLICY,
  jointRequestProgress,
  jointRequestRepresentativeSignaturesNeeded,
  jointRequestVillagerSignaturesNeeded,
  NotFoundError,
  type DuePolicy,
  type JointRequestStatusDto,
} from '@sanwu/shared';
import { appendAudit, type AuditInput, type RequestMeta } from '../audit/audit.service';
import { OWED_CHECK_AFTER_MS, oweAudit } from '../audit/audits-owed';
import { inspectorsAbove, notify, usersWithRoleAt } from '../notifications/notification.service';
import { loadOrg } from '../policy/authorize';
import { activeResidentFor, registryCounts } from '../residents/registry-links';
import { Feedback, type FeedbackDoc } from './feedback.model';
import { nextCheckAfter, type ReminderSettings } from './feedback-deadlines';
import { JointSignature } from './feedback-extras.model';
import { timelineEntry } from './feedback-transition';
import { isDuplicateKey } from '../db/duplicate-key';
import { startObligation, type NewObligation } from './obligations';
import { appCalendar } from '../calendar/calendar.service';

// Joint requests 联名申请: created by one villager, co-signed by others; once 十分之一以上 of
// villagers or 三分之一以上 of representatives signed, the org owes a disclosure by a deadline
// (DOMAIN.md "Joint request threshold").

/** The signatures given by `asOf` (all, without it). */
async function signatureCounts(feedbackId: Types.ObjectId, asOf?: Date) {
  const filter = { feedbackId, ...(asOf && { at: { $lte: asOf } }) };
  const [villagerSignatures, representativeSignatures] = await Promise.all([
    JointSignature.countDocuments(filter),
    JointSignature.countDocuments({ ...filter, isRepresentative: true }),
  ]);
  return { villagerSignatures, representativeSignatures };
}

/** A co-signer's step on the timeline, counting the signatures given by then. */
export async function recordCosigned(item: Pick<FeedbackDoc, '_id'>, at: Date): Promise<void> {
  const total = await JointSignature.countDocuments({ feedbackId: item._id, at: { $lte: at } });
  await Feedback.updateOne(
    { _id: item._id },
    {
      $push: { timeline: timelineEntry('cosigned', at, { text: `又一位村民联名，共 ${total} 人` }) },
      $inc: { rev: 1 },
    },
  );
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
  const audit: AuditInput = {
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
  };
  try {
    // With what the request still owes, in case it is cut short after this write.
    await JointSignature.create({
      feedbackId: item._id,
      userId: new Types.ObjectId(userId),
      residentId: resident._id,
      isRepresentative: resident.isRepresentative ?? false,
      at: now,
      checkAt: new Date(now.getTime() + OWED_CHECK_AFTER_MS),
      auditsOwed: [oweAudit(audit, now)],
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new ConflictError('您已在该联名申请上签名');
    throw err;
  }
  if (isCosigner(item, userId)) await recordCosigned(item, now);
  await appendAudit(audit);
}

/**
 * The creator's own signature is the "submitted" step; co-signers get a step each (names stay off
 * the public timeline: who signed is shown to the org, the count to everyone).
 */
export function isCosigner(item: Pick<FeedbackDoc, 'authorId'>, userId: string): boolean {
  return Boolean(item.authorId) && String(item.authorId) !== userId;
}

/**
 * After a signature: once 十分之一以上 of villagers or 三分之一以上 of representatives signed, the
 * joint request becomes an obligation to disclose by a deadline (tracked like an answer deadline).
 */
export async function afterSignature(
  item: FeedbackDoc,
  actorId: string,
  now: Date,
  reminders: ReminderSettings,
  meta: RequestMeta = {},
): Promise<FeedbackDoc> {
  // The signatures given by `now`: the sweep completing a signature cut short judges it as of its time.
  const counts = { ...(await registryCounts(String(item.orgId))), ...(await signatureCounts(item._id, now)) };
  const progress = jointRequestProgress(counts);
  if (!progress.reached || item.reachedAt) return item;
  const org = await loadOrg(String(item.orgId));
  // The policy snapshot taken at submission: a later policy change does not move this deadline.
  const policy: DuePolicy = item.policy?.unit
    ? ({ unit: item.policy.unit, amount: item.policy.amount } as DuePolicy)
    : JOINT_REQUEST_DISCLOSURE_POLICY;
  const due = computeDue(policy, now, appCalendar());
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
  } as NewObligation);
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
    actorId,
    action: 'feedback.joint-reached',
    target: { type: 'feedback', id: String(item._id) },
    summary: { after: { ...counts, dueDate: due.dueDate } },
    meta,
    at: now,
  });
  return reached;
}

/**
 * `GET /orgs/:id/joint-requests/:id` — readable by anyone: who may demand a disclosure is everyone's
 * business. `userId`: the signed-in reader, told whether they have signed.
 */
export async function jointRequestStatus(
  orgId: string,
  id: string,
  userId?: string,
): Promise<JointRequestStatusDto> {
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
    signedByMe: userId
      ? (await JointSignature.exists({ feedbackId: item._id, userId: new Types.ObjectId(userId) })) !== null
      : null,
  };
}
