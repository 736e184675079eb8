import { Types } from 'mongoose';
import {
  FEEDBACK_AWAITING_ANSWER,
  type AnswerTemplateDto,
  type CreateAnswerTemplate,
  type FeedbackDto,
  type FeedbackQuery,
  type Paginated,
  type Pagination,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { AnswerTemplate, type AnswerTemplateDoc } from './feedback-extras.model';
import { Feedback, type FeedbackDoc } from './feedback.model';
import type { InboxCache } from './inbox-cache';
import { weakEtag } from '../http/conditional';
import type { ReminderSettings } from './feedback-deadlines';
import { countdownsChangeAt, toFeedbackDto } from './feedback.mapper';
import { appCalendar } from '../calendar/calendar.service';

// Reading feedback: the resident's own list, the org's inbox, and answer templates.

/** `GET /feedback/mine`, newest first (index authorId + createdAt). */
export async function listMine(
  actor: LoadedActor,
  page: Pagination,
  now: Date,
  reminders: ReminderSettings,
): Promise<Paginated<FeedbackDto>> {
  const filter = { authorId: new Types.ObjectId(actor.userId) };
  const [items, total] = await Promise.all([
    Feedback.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<FeedbackDoc[]>(),
    Feedback.countDocuments(filter),
  ]);
  return { items: items.map((f) => toFeedbackDto(f, 'full', now, reminders)), total, ...page };
}

/**
 * `GET /orgs/:id/feedback`: what the org and its subtree owe, least time left first (items without
 * a deadline last). Served by the { handlingOrgPath, state, sortDue, _id } index. Without `status`
 * it lists the items still awaiting an answer. A page mapped under the org's current `feedbackRev`
 * is reused from `cache` until its countdowns change (not for `overdue`, whose filter moves with
 * the clock). The ETag is over the answer's bytes, serialized once.
 */
export async function listInbox(
  actor: LoadedActor,
  orgId: string,
  query: FeedbackQuery,
  now: Date,
  reminders: ReminderSettings,
  cache?: InboxCache,
): Promise<{ body: Paginated<FeedbackDto>; etag: string }> {
  const org = await loadOrg(orgId);
  ensureCan(actor, 'feedback.inbox', orgTarget(org));
  const filter: Record<string, unknown> = {
    handlingOrgPath: org._id,
    state: query.status ?? { $in: FEEDBACK_AWAITING_ANSWER },
  };
  if (query.type) filter.type = query.type;
  const due: Record<string, Date> = {};
  if (query.overdue === true) {
    due.$lt = now;
    if (!query.status) filter.state = { $in: FEEDBACK_AWAITING_ANSWER };
  }
  if (query.dueBefore) due.$lte = new Date(query.dueBefore);
  if (Object.keys(due).length > 0) filter.sortDue = due;
  if (query.overdue === false) filter.sortDue = { ...due, $gte: now };
  const key =
    query.overdue === undefined ? `${orgId}|${JSON.stringify(filter)}|${query.page}|${query.pageSize}` : null;
  const rev = org.feedbackRev ?? 0;
  const calendar = appCalendar();
  let page = key ? cache?.get(key, rev, now, calendar) : undefined;
  if (!page) {
    const [docs, total] = await Promise.all([
      Feedback.find(filter)
        .sort({ sortDue: 1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<FeedbackDoc[]>(),
      Feedback.countDocuments(filter),
    ]);
    const items = docs.map((f) => toFeedbackDto(f, 'full', now, reminders));
    const body = { items, total, page: query.page, pageSize: query.pageSize };
    const etag = weakEtag(body);
    page = { body, etag, from: now.getTime(), until: countdownsChangeAt(docs, now), calendar };
    if (key) cache?.set(key, rev, page);
  }
  return { body: page.body, etag: page.etag };
}

function toTemplateDto(t: AnswerTemplateDoc): AnswerTemplateDto {
  return {
    id: String(t._id),
    orgId: String(t.orgId),
    category: t.category,
    title: t.title,
    content: t.content,
  };
}

/** `GET /orgs/:id/answer-templates?category=`: the org's templates (cadres). */
export async function listTemplates(
  actor: LoadedActor,
  orgId: string,
  category?: string,
): Promise<AnswerTemplateDto[]> {
  const org = await loadOrg(orgId);
  ensureCan(actor, 'feedback.answer', orgTarget(org));
  const filter: Record<string, unknown> = { orgId: org._id };
  if (category) filter.category = category;
  const items = await AnswerTemplate.find(filter)
    .sort({ category: 1, title: 1 })
    .limit(200)
    .lean<AnswerTemplateDoc[]>();
  return items.map(toTemplateDto);
}

/** `POST /orgs/:id/answer-templates`. */
export async function createTemplate(
  actor: LoadedActor,
  orgId: string,
  input: CreateAnswerTemplate,
  now: Date,
  meta: RequestMeta = {},
): Promise<AnswerTemplateDto> {
  const org = await loadOrg(orgId);
  const role = ensureCan(actor, 'feedback.answer', orgTarget(org));
  const created = await AnswerTemplate.create({
    ...input,
    orgId: org._id,
    createdBy: new Types.ObjectId(actor.userId),
  });
  const dto = toTemplateDto(created.toObject() as AnswerTemplateDoc);
  await appendAudit({
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'feedback.template',
    target: { type: 'answer-template', id: dto.id },
    summary: { after: { category: dto.category, title: dto.title } },
    meta,
    at: now,
  });
  return dto;
}
