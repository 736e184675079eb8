import {
  computeDue,
  InvalidStateError,
  ValidationError,
  type DuePolicy,
  type Escalate,
  type FeedbackNote,
  type Rating,
  type Reply,
  type Transfer,
  type TransitionActor,
} from '@sanwu/shared';
import type { RequestMeta } from '../audit/audit.service';
import { nearestInspectors, notify, usersWithRoleAt } from '../notifications/notification.service';
import { loadOrg, type LoadedActor } from '../policy/authorize';
import { ensureOnItem } from './feedback-access';
import { dueFor, nextCheckAfter, policyKind } from './feedback-deadlines';
import { Obligation } from './feedback-extras.model';
import type { FeedbackDoc } from './feedback.model';
import type { FeedbackServiceDeps } from './feedback-submit.service';
import { moveFeedback, timelineEntry } from './feedback-transition';
import { appCalendar } from '../calendar/calendar.service';

// The answering side of an item's life: accept, reply, transfer, close by the handling org (or the
// inspector once escalated); rate and escalate by the resident. Every step goes through the shared
// state machine (moveFeedback) and lands on the timeline the resident sees.

/** What every workflow step acts with: the loaded item and who acts. */
export interface WorkflowContext {
  deps: FeedbackServiceDeps;
  actor: LoadedActor;
  item: FeedbackDoc;
  meta?: RequestMeta;
}
type Ctx = WorkflowContext;

/** Escalated items are the inspector's; everything else the handling org's cadres'. */
function staffRole(ctx: Ctx): { role: TransitionActor; auditRole: string } {
  const escalated = ctx.item.state === 'escalated';
  const auditRole = ensureOnItem(
    ctx.actor,
    escalated ? 'feedback.handle-escalated' : 'feedback.answer',
    ctx.item,
  );
  return { role: escalated ? 'inspector' : 'cadre', auditRole };
}

async function tellAuthor(
  item: FeedbackDoc,
  event: string,
  title: string,
  body: string,
  at: Date,
): Promise<void> {
  if (!item.authorId) return;
  await notify({
    key: `fb:${String(item._id)}:${event}:${item.rev ?? 0}`,
    userIds: [item.authorId],
    kind: `feedback.${event}`,
    title,
    body,
    feedbackId: item._id,
    at,
  });
}

export async function acceptFeedback(ctx: Ctx, input: FeedbackNote): Promise<FeedbackDoc> {
  const now = ctx.deps.clock();
  const { auditRole } = staffRole(ctx);
  const org = await loadOrg(String(ctx.item.handlingOrgId));
  const updated = await moveFeedback({
    item: ctx.item,
    event: 'accept',
    actor: { userId: ctx.actor.userId, role: 'cadre', auditRole },
    now,
    entry: timelineEntry('accepted', now, {
      actorName: ctx.actor.name,
      orgId: org._id,
      orgName: org.name,
      text: input.note ?? '已受理',
    }),
    meta: ctx.meta,
  });
  await tellAuthor(
    updated,
    'accepted',
    '您的意见已受理',
    `${org.name}已受理，答复期限 ${updated.dueDate ?? '—'}`,
    now,
  );
  return updated;
}

export async function replyFeedback(ctx: Ctx, input: Reply): Promise<FeedbackDoc> {
  const now = ctx.deps.clock();
  const actor = { userId: ctx.actor.userId, ...staffRole(ctx) };
  const org = await loadOrg(String(ctx.item.handlingOrgId));
  // Answers about a published disclosure are public by default (seed 000 篇六), unless marked private.
  const aboutPublished = ctx.item.disclosureId
    ? (await ctx.deps.gateway.findPublished(String(ctx.item.disclosureId))) !== null
    : false;
  const isPublic = input.public ?? aboutPublished;
  const updated = await moveFeedback({
    item: ctx.item,
    event: 'reply',
    actor,
    now,
    entry: timelineEntry('replied', now, {
      actorName: ctx.actor.name,
      orgId: org._id,
      orgName: org.name,
      text: input.content,
      public: isPublic,
    }),
    set: { nextCheckAt: null },
    meta: ctx.meta,
  });
  if (updated.type === 'joint_request' && updated.reachedAt) {
    await Obligation.updateOne(
      { kind: 'disclose', feedbackId: updated._id, metAt: null },
      { $set: { metAt: now } },
    );
  }
  await tellAuthor(updated, 'replied', '您的意见已答复', input.content.slice(0, 60), now);
  return updated;
}

export async function transferFeedback(ctx: Ctx, input: Transfer): Promise<FeedbackDoc> {
  const now = ctx.deps.clock();
  const auditRole = ensureOnItem(ctx.actor, 'feedback.transfer', ctx.item);
  if (input.toOrgId === String(ctx.item.handlingOrgId)) {
    throw new ValidationError('不能转办给本单位', [{ path: 'toOrgId', message: '请选择其他责任单位' }]);
  }
  const [from, to] = await Promise.all([loadOrg(String(ctx.item.handlingOrgId)), loadOrg(input.toOrgId)]);
  const updated = await moveFeedback({
    item: ctx.item,
    event: 'transfer',
    // The machine decides by the role that allowed it: cadres transfer open items, inspectors escalated ones.
    actor: { userId: ctx.actor.userId, role: auditRole === 'inspector' ? 'inspector' : 'cadre', auditRole },
    now,
    // 首问负责制: the resident sees where it went and why. The deadline is kept (not restarted).
    entry: timelineEntry('transferred', now, {
      actorName: ctx.actor.name,
      orgId: from._id,
      orgName: from.name,
      toOrgId: to._id,
      toOrgName: to.name,
      text: input.reason,
    }),
    set: { handlingOrgId: to._id, handlingOrgPath: to.path },
    meta: ctx.meta,
  });
  await notify({
    key: `fb:${String(updated._id)}:transferred-in:${updated.rev}`,
    userIds: await usersWithRoleAt('cadre', to._id),
    kind: 'feedback.transferred',
    title: `${from.name}转来一条意见`,
    body: `转办理由：${input.reason}`,
    feedbackId: updated._id,
    at: now,
  });
  await tellAuthor(
    updated,
    'transferred',
    '您的意见已转办',
    `已由${from.name}转至${to.name}办理：${input.reason}`,
    now,
  );
  return updated;
}

export async function closeFeedback(ctx: Ctx, input: FeedbackNote): Promise<FeedbackDoc> {
  const now = ctx.deps.clock();
  const actor = { userId: ctx.actor.userId, ...staffRole(ctx) };
  const org = await loadOrg(String(ctx.item.handlingOrgId));
  return moveFeedback({
    item: ctx.item,
    event: 'close',
    actor,
    now,
    entry: timelineEntry('closed', now, {
      actorName: ctx.actor.name,
      orgId: org._id,
      orgName: org.name,
      text: input.note ?? '已办结',
    }),
    set: { nextCheckAt: null },
    meta: ctx.meta,
  });
}

export async function rateFeedback(ctx: Ctx, input: Rating): Promise<FeedbackDoc> {
  const now = ctx.deps.clock();
  const auditRole = ensureOnItem(ctx.actor, 'feedback.rate', ctx.item);
  return moveFeedback({
    item: ctx.item,
    event: 'rate',
    actor: { userId: ctx.actor.userId, role: 'resident', auditRole },
    now,
    entry: timelineEntry('rated', now, {
      actorId: ctx.actor.userId as never,
      text: `评分 ${input.score} 分${input.comment ? `：${input.comment}` : ''}`,
    }),
    set: { rating: { score: input.score, comment: input.comment ?? null, at: now } },
    meta: ctx.meta,
  });
}

/**
 * The resident escalates to the level above (dissatisfied with the answer, or unanswered past the
 * deadline): the parent org's inspector handles it, with its own deadline under that org's policy.
 */
export async function escalateFeedback(ctx: Ctx, input: Escalate): Promise<FeedbackDoc> {
  const now = ctx.deps.clock();
  const auditRole = ensureOnItem(ctx.actor, 'feedback.escalate', ctx.item);
  const from = await loadOrg(String(ctx.item.handlingOrgId));
  if (!from.parentId) throw new InvalidStateError('已是最高一级，无法再向上督办');
  const to = await loadOrg(String(from.parentId));
  const computed = dueFor(to, policyKind(ctx.item.type as never) ?? 'opinion', now);
  const due =
    computed?.due ?? computeDue({ unit: 'calendarDays', amount: 15 } as DuePolicy, now, appCalendar());
  const updated = await moveFeedback({
    item: ctx.item,
    event: 'escalate',
    actor: { userId: ctx.actor.userId, role: 'resident', auditRole },
    now,
    entry: timelineEntry('escalated', now, {
      actorId: ctx.actor.userId as never,
      orgId: from._id,
      orgName: from.name,
      toOrgId: to._id,
      toOrgName: to.name,
      text: `${input.reason}（督办期限 ${due.dueDate}）`,
    }),
    set: {
      handlingOrgId: to._id,
      handlingOrgPath: to.path,
      escalationLevel: (ctx.item.escalationLevel ?? 0) + 1,
      dueAt: due.dueAt,
      dueDate: due.dueDate,
      sortDue: due.dueAt,
      provisional: due.provisional,
      overdueAt: null,
      nextCheckAt: nextCheckAfter(due, now, ctx.deps.reminders),
    },
    meta: ctx.meta,
  });
  await notify({
    key: `fb:${String(updated._id)}:escalated:${updated.rev}`,
    userIds: await nearestInspectors(to.path),
    kind: 'feedback.escalated',
    title: '群众申请上级督办',
    body: `${from.name}：${input.reason}，督办期限 ${due.dueDate}`,
    feedbackId: updated._id,
    at: now,
  });
  return updated;
}
