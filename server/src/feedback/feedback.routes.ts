import { z } from 'zod';
import {
  listResponse,
  NotFoundError,
  ValidationError,
  ZAnswerTemplate,
  ZAnswerTemplateQuery,
  ZAssistedFeedback,
  ZConfirmAssisted,
  ZCreateAnswerTemplate,
  ZEscalate,
  ZFeedback,
  ZFeedbackNote,
  ZFeedbackQuery,
  ZJointRequestStatus,
  ZObjectId,
  ZPagination,
  ZRating,
  ZReply,
  ZSubmitFeedback,
  ZTransfer,
} from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppState, FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import type { Feature } from '../routes';
import { disclosureGateway, type DisclosureGateway } from './disclosure-gateway';
import { loadFeedback, viewOf } from './feedback-access';
import { DEFAULT_REMINDERS } from './feedback-deadlines';
import { toFeedbackDto } from './feedback.mapper';
import type { FeedbackDoc } from './feedback.model';
import { idempotencyKeyOf } from '../idempotency/idempotency';
import { actorOf, requestMeta, ZIdParams } from '../policy/route-helpers';
import { createTemplate, listInbox, listMine, listTemplates } from './feedback-query.service';
import { InboxCache } from './inbox-cache';
import { conditional } from '../http/conditional';
import {
  confirmAssisted,
  submitAssisted,
  submitFeedback,
  type FeedbackServiceDeps,
} from './feedback-submit.service';
import { afterSignature, jointRequestStatus, sign } from './joint-request.service';
import {
  acceptFeedback,
  closeFeedback,
  escalateFeedback,
  rateFeedback,
  replyFeedback,
  transferFeedback,
  type WorkflowContext,
} from './feedback-workflow.service';

type Ctx = { state: AppState; ip: string };
const itemOf = (ctx: Ctx) => (ctx.state as { feedback?: FeedbackDoc }).feedback!;

/** Loads `:id`; 404 unless the caller may see it (a private item's existence is not revealed). */
const loadItem: Middleware<AppState> = async (ctx, next) => {
  const item = await loadFeedback((ctx.state.params as { id: string }).id);
  if (viewOf(ctx.state.actor, item) === null) throw new NotFoundError('意见不存在');
  (ctx.state as { feedback?: FeedbackDoc }).feedback = item;
  await next();
};

/** The feedback feature: submission, the answering workflow, thresholds and answer templates. */
export function feedbackFeature(gateway: DisclosureGateway = disclosureGateway): Feature {
  return (deps: FeatureDeps) => {
    const reminders = deps.config.reminders ?? DEFAULT_REMINDERS;
    const svc: FeedbackServiceDeps = {
      clock: deps.clock,
      reminders,
      wechat: deps.services.wechat,
      gateway,
      logger: deps.logger,
    };
    const full = (f: FeedbackDoc) => toFeedbackDto(f, 'full', deps.clock(), reminders);
    const inbox = new InboxCache();
    const group = new RouteGroup({ prefix: '', tag: '意见反馈' });
    // The workflow steps share one shape: load the item (404 unless visible), then the service.
    const step = <B extends z.ZodType>(
      path: string,
      summary: string,
      body: B,
      run: (c: WorkflowContext, input: z.output<B>) => Promise<FeedbackDoc>,
    ) =>
      group.define(
        {
          method: 'post',
          path: `/feedback/:id/${path}`,
          summary,
          auth: 'required',
          idempotent: true,
          request: { params: ZIdParams, body },
          responses: { 200: ZFeedback },
          errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE', 'CONFLICT'],
          middleware: [loadItem],
        },
        async (ctx) =>
          full(
            await run(
              { deps: svc, actor: actorOf(ctx), item: itemOf(ctx), meta: requestMeta(ctx) },
              ctx.state.body as z.output<B>,
            ),
          ),
      );

    group.define(
      {
        method: 'post',
        path: '/feedback',
        summary: '提交意见、质询、异议、联名申请或反映',
        description:
          '支持 Idempotency-Key：同一个键和相同内容只创建一条（首次 201，重放 200），不同内容 409。',
        auth: 'required',
        request: { body: ZSubmitFeedback },
        responses: { 201: ZFeedback, 200: ZFeedback },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNAVAILABLE'],
        rateLimit: { limit: 20, windowMs: 60 * 60_000 },
        idempotent: 'handler',
      },
      async (ctx) => {
        const { item, replayed } = await submitFeedback(svc, actorOf(ctx), ctx.state.body, {
          idempotencyKey: idempotencyKeyOf(ctx),
          meta: requestMeta(ctx),
        });
        ctx.status = replayed ? 200 : 201;
        ctx.body = full(item);
      },
    );
    group.define(
      {
        method: 'post',
        path: '/orgs/:id/feedback/assisted',
        summary: '干部代村民登记意见（窗口或电话）',
        description:
          '支持 Idempotency-Key：同一个键和相同内容只登记一条（首次 201，重放 200）。确认码只存哈希，重放时换发新确认码，旧码作废；村民已确认的不再给码。',
        auth: 'required',
        request: { params: ZIdParams, body: ZAssistedFeedback },
        responses: { 201: ZFeedback, 200: ZFeedback },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
        idempotent: 'handler',
      },
      async (ctx) => {
        const { item, confirmCode, replayed } = await submitAssisted(
          svc,
          actorOf(ctx),
          ctx.state.params.id,
          ctx.state.body,
          { idempotencyKey: idempotencyKeyOf(ctx), meta: requestMeta(ctx) },
        );
        ctx.status = replayed ? 200 : 201;
        ctx.body = { ...full(item), ...(confirmCode && { confirmCode }) };
      },
    );
    group.define(
      {
        method: 'post',
        path: '/feedback/:id/confirm',
        summary: '村民用确认码认领代办的意见',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZConfirmAssisted },
        responses: { 200: ZFeedback },
        errors: ['NOT_FOUND'],
        rateLimit: { limit: 10, windowMs: 60 * 60_000 },
      },
      async (ctx) =>
        full(
          await confirmAssisted(
            svc,
            actorOf(ctx),
            ctx.state.params.id,
            ctx.state.body.code,
            requestMeta(ctx),
          ),
        ),
    );
    group.define(
      {
        method: 'get',
        path: '/feedback/mine',
        summary: '我提交的意见',
        auth: 'required',
        request: { query: ZPagination },
        responses: { 200: listResponse(ZFeedback) },
      },
      async (ctx) => listMine(actorOf(ctx), ctx.state.query, deps.clock(), reminders),
    );
    group.define(
      {
        method: 'get',
        path: '/feedback/:id',
        summary: '查看一条意见',
        description: '本人、本组织干部和监督小组、上级监督可见全部；公开的意见任何人可见（姓名打码）。',
        auth: 'optional',
        request: { params: ZIdParams },
        responses: { 200: ZFeedback },
        errors: ['NOT_FOUND'],
        middleware: [loadItem],
      },
      async (ctx) =>
        toFeedbackDto(itemOf(ctx), viewOf(ctx.state.actor, itemOf(ctx))!, deps.clock(), reminders),
    );
    group.define(
      {
        method: 'get',
        path: '/orgs/:id/feedback',
        summary: '意见办理台账（按剩余时间排序）',
        auth: 'required',
        request: { params: ZIdParams, query: ZFeedbackQuery },
        responses: { 200: listResponse(ZFeedback) },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => {
        const answer = await listInbox(
          actorOf(ctx),
          ctx.state.params.id,
          ctx.state.query,
          deps.clock(),
          reminders,
          inbox,
        );
        // A phone or browser that kept the page revalidates it: 304 and no body while nothing moved.
        ctx.set('Cache-Control', 'private, no-cache');
        return conditional(ctx, answer.etag, answer.body);
      },
    );
    step('accept', '受理', ZFeedbackNote, acceptFeedback);
    step('replies', '答复（公开或不公开）', ZReply, replyFeedback);
    step('transfer', '转办（首问负责制）', ZTransfer, transferFeedback);
    step('close', '办结', ZFeedbackNote, closeFeedback);
    step('rating', '评价答复（1–5 分）', ZRating, rateFeedback);
    step('escalate', '申请上级督办', ZEscalate, escalateFeedback);
    group.define(
      {
        method: 'post',
        path: '/feedback/:id/cosign',
        summary: '联名（已认证村民）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams },
        responses: { 200: ZJointRequestStatus },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'INVALID_STATE'],
        middleware: [loadItem],
      },
      async (ctx) => {
        const item = itemOf(ctx);
        if (item.type !== 'joint_request') throw new ValidationError('只有联名申请可以联名');
        await sign(item, actorOf(ctx).userId, deps.clock(), requestMeta(ctx));
        await afterSignature(item, actorOf(ctx).userId, deps.clock(), reminders, requestMeta(ctx));
        return jointRequestStatus(String(item.orgId), String(item._id), actorOf(ctx).userId);
      },
    );
    group.define(
      {
        method: 'get',
        path: '/orgs/:orgId/joint-requests/:id',
        summary: '联名申请进度（签名数对照法定比例）',
        auth: 'optional',
        request: { params: z.object({ orgId: ZObjectId, id: ZObjectId }) },
        responses: { 200: ZJointRequestStatus },
        errors: ['NOT_FOUND'],
      },
      async (ctx) => jointRequestStatus(ctx.state.params.orgId, ctx.state.params.id, ctx.state.actor?.userId),
    );
    group.define(
      {
        method: 'get',
        path: '/orgs/:id/answer-templates',
        summary: '答复模板',
        auth: 'required',
        request: { params: ZIdParams, query: ZAnswerTemplateQuery },
        responses: { 200: z.object({ items: z.array(ZAnswerTemplate) }) },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => ({
        items: await listTemplates(actorOf(ctx), ctx.state.params.id, ctx.state.query.category),
      }),
    );
    group.define(
      {
        method: 'post',
        path: '/orgs/:id/answer-templates',
        summary: '新增答复模板',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZCreateAnswerTemplate },
        responses: { 201: ZAnswerTemplate },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) =>
        createTemplate(actorOf(ctx), ctx.state.params.id, ctx.state.body, deps.clock(), requestMeta(ctx)),
    );
    return group;
  };
}

export const feedbackRoutes: Feature = feedbackFeature();
