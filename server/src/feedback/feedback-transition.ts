import { Types } from 'mongoose';
import {
  ConflictError,
  feedbackTransition,
  ForbiddenError,
  InvalidStateError,
  isOverdue,
  type FeedbackEvent,
  type FeedbackState,
  type TransitionActor,
  FEEDBACK_STATE_LABELS,
} from '@sanwu/shared';
import { ensureFeedbackWritable } from '../archive/archive-guard';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import { Feedback, type FeedbackDoc, type TimelineEntry } from './feedback.model';

const EVENT_LABELS: Record<FeedbackEvent, string> = {
  accept: '受理',
  transfer: '转办',
  reply: '答复',
  rate: '评价',
  escalate: '申请上级督办',
  close: '办结',
  reopen: '重新办理',
};

/** A timeline entry; `public` says whether the public view of a public item shows it. */
export function timelineEntry(
  kind: TimelineEntry['kind'],
  at: Date,
  fields: Partial<Omit<TimelineEntry, 'kind' | 'at'>> = {},
): TimelineEntry {
  return {
    kind,
    at,
    actorId: fields.actorId ?? null,
    actorName: fields.actorName ?? null,
    orgId: fields.orgId ?? null,
    orgName: fields.orgName ?? null,
    toOrgId: fields.toOrgId ?? null,
    toOrgName: fields.toOrgName ?? null,
    text: fields.text ?? null,
    public: fields.public ?? true,
  } as TimelineEntry;
}

export interface MoveInput {
  item: FeedbackDoc;
  event: FeedbackEvent;
  actor: { userId: string; role: TransitionActor; auditRole: string };
  now: Date;
  entry: TimelineEntry;
  /** Further fields set with the new state. */
  set?: Record<string, unknown>;
  meta?: RequestMeta;
}

/**
 * Every state change of an item: the shared state machine decides, then one conditional update
 * writes the new state and its timeline entry together (the `rev` match makes a concurrent
 * second change fail with 409 instead of overwriting the first), with the audit entry it owes
 * (audit/audits-owed.ts), then that entry.
 */
export async function moveFeedback(input: MoveInput): Promise<FeedbackDoc> {
  const { item, event, actor, now } = input;
  const from = item.state as FeedbackState;
  const result = feedbackTransition(from, event, actor.role, {
    overdue: isOverdue({ state: from, dueAt: item.dueAt ?? null }, now),
  });
  if (!result.ok) {
    const { error } = result;
    if (error.code === 'FORBIDDEN') throw new ForbiddenError(`没有权限：${EVENT_LABELS[event]}`);
    if (error.guard === 'overdue')
      throw new InvalidStateError('尚未答复且未超过答复期限，暂不能申请上级督办');
    throw new InvalidStateError(`当前状态（${FEEDBACK_STATE_LABELS[from]}）不能${EVENT_LABELS[event]}`);
  }
  await ensureFeedbackWritable(item); // an archived year is read-only (archive/archive-guard.ts)
  const owed = oweAudit(
    {
      orgId: (input.set?.handlingOrgId ?? item.handlingOrgId) as Types.ObjectId,
      actorId: actor.userId,
      actorRole: actor.auditRole,
      action: `feedback.${event}`,
      target: { type: 'feedback', id: String(item._id) },
      summary: { before: { state: from }, after: { state: result.state, ...(input.set ?? {}) } },
      meta: input.meta,
      at: now,
    },
    now,
  );
  const updated = await Feedback.findOneAndUpdate(
    { _id: item._id, rev: item.rev ?? 0 },
    {
      $set: { ...input.set, state: result.state },
      $push: { timeline: input.entry, auditsOwed: owed },
      $inc: { rev: 1 },
    },
    { returnDocument: 'after' },
  ).lean<FeedbackDoc>();
  if (!updated) throw new ConflictError('该意见刚被他人处理，请刷新后重试');
  await appendAudit(owed.entry);
  return updated;
}
