import { createHash, randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import {
  contentHash,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type AssistedFeedback,
  type SubmitFeedback,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { isDuplicateKey } from '../db/duplicate-key';
import type { Logger } from '../logger';
import type { OrgDoc } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { activeResidentFor } from '../residents/registry-links';
import type { WechatClient } from '../wechat/wechat-client';
import { checkContent, checkImages } from './content-check';
import type { DisclosureGateway } from './disclosure-gateway';
import { Feedback, type FeedbackDoc } from './feedback.model';
import { insertFeedback } from './feedback-insert';
import { dueFor, NO_DEADLINE, nextCheckAfter, policyKind, type ReminderSettings } from './feedback-deadlines';
import { fileReceipt, receiptOf } from './feedback-receipt';
import { timelineEntry } from './feedback-transition';

export interface FeedbackServiceDeps {
  clock: () => Date;
  reminders: ReminderSettings;
  wechat?: WechatClient;
  gateway: DisclosureGateway;
  logger?: Logger;
}

/** The stored form of an assisted-filing confirm code. */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The fields every new item gets from its org, type and start instant. */
function deadlineFields(org: OrgDoc, type: SubmitFeedback['type'], now: Date, reminders: ReminderSettings) {
  const computed = dueFor(org, policyKind(type), now);
  // A joint request owes a disclosure only once its threshold is met (feedback-thresholds).
  const due = type === 'joint_request' ? null : (computed?.due ?? null);
  return {
    policy: computed?.policy ?? null,
    dueAt: due?.dueAt ?? null,
    dueDate: due?.dueDate ?? null,
    provisional: due?.provisional ?? false,
    sortDue: due?.dueAt ?? NO_DEADLINE,
    nextCheckAt: due ? nextCheckAfter(due, now, reminders) : null,
  };
}

/**
 * Who handles a new item: the org it is filed with, except a 反映/举报 (non-disclosure, late or false
 * disclosure), which goes to the level above and is handled, on that level's deadline policy, by
 * its inspectors (DOMAIN.md "Feedback").
 */
async function handlerOf(org: OrgDoc, type: SubmitFeedback['type']): Promise<OrgDoc> {
  if (type !== 'report' || org.path.length < 2) return org;
  return loadOrg(String(org.path[org.path.length - 2]));
}

/** What every new item starts with, filed by a villager or registered for one. */
async function newItemFields(
  org: OrgDoc,
  input: Pick<SubmitFeedback, 'type' | 'content' | 'disclosureId'>,
  now: Date,
  reminders: ReminderSettings,
) {
  const handler = await handlerOf(org, input.type);
  return {
    orgId: org._id,
    orgPath: org.path,
    handlingOrgId: handler._id,
    handlingOrgPath: handler.path,
    disclosureId: input.disclosureId ? new Types.ObjectId(input.disclosureId) : null,
    type: input.type,
    content: input.content,
    state: 'submitted' as const,
    ...deadlineFields(handler, input.type, now, reminders),
  };
}

async function checkDisclosure(deps: FeedbackServiceDeps, org: OrgDoc, disclosureId?: string): Promise<void> {
  if (!disclosureId) return;
  const disclosure = await deps.gateway.findPublished(disclosureId);
  if (!disclosure) throw new NotFoundError('公开事项不存在或尚未发布');
  if (disclosure.orgId !== String(org._id)) {
    throw new ValidationError('该公开事项不属于所选组织', [
      { path: 'disclosureId', message: '请从公开事项页面提交' },
    ]);
  }
}

/** The Idempotency-Key an item is filed with, stored on the item itself (feedback.model.ts). */
interface IdempotencyMark {
  userId: Types.ObjectId;
  key: string;
  bodyHash: string;
}

function markOf(actor: LoadedActor, key: string | undefined, request: unknown): IdempotencyMark | undefined {
  return key ? { userId: new Types.ObjectId(actor.userId), key, bodyHash: contentHash(request) } : undefined;
}

/** The item an earlier request with the same key stored, if any; the same key with another request is 409. */
async function firstWithKey(mark: IdempotencyMark): Promise<FeedbackDoc | null> {
  const first = await Feedback.findOne({
    'idempotency.userId': mark.userId,
    'idempotency.key': mark.key,
  }).lean<FeedbackDoc>();
  if (first && first.idempotency?.bodyHash !== mark.bodyHash) {
    throw new ConflictError('同一个 Idempotency-Key 已用于另一份不同的提交');
  }
  return first;
}

/**
 * Stores a new item, with its Idempotency-Key in the same insert. A retry (or a concurrent twin) of
 * the same request hits the key's unique index and gets the first item back as `replay`. Any other
 * duplicate is the caller's to explain.
 */
async function insertItem(
  fields: Record<string, unknown>,
  mark: IdempotencyMark | undefined,
): Promise<{ item: FeedbackDoc; replay: boolean }> {
  try {
    return { item: await insertFeedback({ ...fields, ...(mark && { idempotency: mark }) }), replay: false };
  } catch (err) {
    if (!isDuplicateKey(err) || !mark) throw err;
    // NOTE: a retried objection also repeats its resident's one objection, and which unique index
    // the database reports first is not defined: the key decides, whatever the error names.
    const first = await firstWithKey(mark);
    if (!first) throw err;
    return { item: first, replay: true };
  }
}

/**
 * `POST /feedback`: validates who may submit what, checks the text, computes the deadline from the
 * org's policy (and snapshots that policy), and stores the item — once per Idempotency-Key.
 */
export async function submitFeedback(
  deps: FeedbackServiceDeps,
  actor: LoadedActor,
  input: SubmitFeedback,
  options: { idempotencyKey?: string; meta?: RequestMeta } = {},
): Promise<{ item: FeedbackDoc; replayed: boolean }> {
  const now = deps.clock();
  const org = await loadOrg(input.orgId);
  const role = ensureCan(actor, 'feedback.submit', orgTarget(org));
  const counted = input.type === 'objection' || input.type === 'joint_request';
  if (counted) ensureCan(actor, 'feedback.object', orgTarget(org));
  // Counted kinds need the registry entry too: a resident grant alone is not a villager on today's registry.
  const resident = await activeResidentFor(actor, input.orgId);
  if (counted && !resident) throw new ForbiddenError('只有已认证的本村村民才能提出异议或发起联名申请');
  await checkDisclosure(deps, org, input.disclosureId);
  await checkImages(actor.userId, input.images);
  await checkContent(deps.wechat, actor.userId, input.content);
  const authorName = resident?.name ?? actor.name;
  let stored: { item: FeedbackDoc; replay: boolean };
  try {
    stored = await insertItem(
      {
        ...(await newItemFields(org, input, now, deps.reminders)),
        images: input.images.map((i) => new Types.ObjectId(i)),
        authorId: new Types.ObjectId(actor.userId),
        authorName,
        residentId: resident?._id ?? null,
        showNamePublicly: input.showNamePublicly,
        // Joint requests gather co-signers, so they are public by nature.
        public: input.public || input.type === 'joint_request',
        timeline: [
          timelineEntry('submitted', now, {
            actorId: actor.userId as never,
            actorName: authorName,
            orgId: org._id,
            orgName: org.name,
          }),
        ],
        createdAt: now,
        receipt: receiptOf('feedback.submit', role, options.meta ?? {}, now),
      },
      markOf(actor, options.idempotencyKey, input),
    );
  } catch (err) {
    if (isDuplicateKey(err, 'residentId'))
      throw new ConflictError('您已对该事项提出过异议，每位村民只计一次');
    throw err;
  }
  if (stored.replay) return { item: stored.item, replayed: true };
  return { item: await fileReceipt(deps, stored.item), replayed: false };
}

const newConfirmCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * A retried assisted filing gets the item the first attempt stored. Its code is kept only as a hash,
 * so a fresh one replaces it (the first answer may never have reached the cadre); once the villager
 * has claimed the item there is no code left to give.
 */
async function reissueCode(
  actor: LoadedActor,
  role: string,
  item: FeedbackDoc,
  meta: RequestMeta,
  now: Date,
): Promise<{ item: FeedbackDoc; confirmCode?: string }> {
  let confirmCode = newConfirmCode();
  // The old code must stop working, even in the one-in-a-million draw of the same six digits.
  while (sha256(confirmCode) === item.assisted?.codeHash) confirmCode = newConfirmCode();
  const updated = await Feedback.findOneAndUpdate(
    { _id: item._id, authorId: null, 'assisted.codeHash': { $type: 'string' } },
    { $set: { 'assisted.codeHash': sha256(confirmCode) } },
    { returnDocument: 'after' },
  ).lean<FeedbackDoc>();
  if (!updated) return { item: (await Feedback.findById(item._id).lean<FeedbackDoc>()) ?? item };
  await appendAudit({
    orgId: updated.orgId,
    actorId: actor.userId,
    actorRole: role,
    action: 'feedback.assist.recode',
    target: { type: 'feedback', id: String(updated._id) },
    meta,
    at: now,
  });
  return { item: updated, confirmCode };
}

/**
 * `POST /orgs/:id/feedback/assisted`: a cadre files for a villager; a code lets them claim it. Once
 * per Idempotency-Key, like a villager's own submission.
 */
export async function submitAssisted(
  deps: FeedbackServiceDeps,
  actor: LoadedActor,
  orgId: string,
  input: AssistedFeedback,
  options: { idempotencyKey?: string; meta?: RequestMeta } = {},
): Promise<{ item: FeedbackDoc; confirmCode?: string; replayed: boolean }> {
  const now = deps.clock();
  const meta = options.meta ?? {};
  const org = await loadOrg(orgId);
  const role = ensureCan(actor, 'feedback.assist', orgTarget(org));
  await checkDisclosure(deps, org, input.disclosureId);
  const confirmCode = newConfirmCode();
  const channel = input.channel === 'desk' ? '便民服务窗口' : '电话';
  const { item, replay } = await insertItem(
    {
      ...(await newItemFields(org, input, now, deps.reminders)),
      authorId: null,
      authorName: input.villagerName,
      public: input.public,
      assisted: {
        byId: new Types.ObjectId(actor.userId),
        channel: input.channel,
        codeHash: sha256(confirmCode),
      },
      timeline: [
        timelineEntry('assisted', now, {
          actorId: actor.userId as never,
          actorName: actor.name,
          orgId: org._id,
          orgName: org.name,
          text: `${actor.name}通过${channel}代村民登记`,
        }),
      ],
      createdAt: now,
      receipt: receiptOf('feedback.assist', role, meta, now),
    },
    markOf(actor, options.idempotencyKey, { assistedAt: orgId, ...input }),
  );
  if (replay) return { ...(await reissueCode(actor, role, item, meta, now)), replayed: true };
  return { item: await fileReceipt(deps, item), confirmCode, replayed: false };
}

/** `POST /feedback/:id/confirm`: the villager claims an assisted item with the code from the cadre. */
export async function confirmAssisted(
  deps: FeedbackServiceDeps,
  actor: LoadedActor,
  id: string,
  code: string,
  meta: RequestMeta = {},
): Promise<FeedbackDoc> {
  const now = deps.clock();
  const updated = await Feedback.findOneAndUpdate(
    { _id: new Types.ObjectId(id), 'assisted.codeHash': sha256(code), authorId: null },
    {
      $set: { authorId: new Types.ObjectId(actor.userId), 'assisted.confirmedAt': now },
      $unset: { 'assisted.codeHash': 1 },
      $push: {
        timeline: timelineEntry('confirmed', now, { actorId: actor.userId as never, text: '村民已本人确认' }),
      },
      $inc: { rev: 1 },
    },
    { returnDocument: 'after' },
  ).lean<FeedbackDoc>();
  // Wrong code, unknown id and already-claimed look the same: the code is the only secret.
  if (!updated) throw new NotFoundError('确认码不正确或该意见已被确认');
  await appendAudit({
    orgId: updated.handlingOrgId,
    actorId: actor.userId,
    actorRole: 'owner',
    action: 'feedback.confirm',
    target: { type: 'feedback', id },
    meta,
    at: now,
  });
  return updated;
}
