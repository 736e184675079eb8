import {
  ZCorrection,
  ZCreateDisclosure,
  ZDisclosure,
  ZPatchDisclosure,
  ZRequestRedaction,
  ZReview,
  ZRevoke,
  ZWithheld,
  ZWithheldDecision,
} from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppState, FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import type { Feature } from '../routes';
import {
  correctDisclosure,
  decideRedaction,
  requestRedaction,
  revokeDisclosure,
} from './disclosure-change.service';
import { createDisclosure, patchDisclosure, submitDisclosure } from './disclosure-draft.service';
import { defineFileRoutes } from './disclosure-files.routes';
import type { DisclosureDoc } from './disclosure.model';
import { defineReadRoutes } from './disclosure-read.routes';
import { disclosureDetail } from './disclosure-read.service';
import { publishDisclosure, reviewDisclosure } from './disclosure-review.service';
import { loadDisclosure, type Acting } from './disclosure-store';
import { ZIdParams } from '../policy/route-helpers';
import { recordWithheld } from './withheld.service';

// 公开事项 routes (API.md "Disclosures"). Handlers parse nothing and decide nothing: the services
// authorise through the one policy and apply the shared state machine.

type WithDisclosure = AppState & { disclosure: DisclosureDoc };

const ZRedactionParams = ZIdParams.extend({ rid: ZIdParams.shape.id });

/** Loads `:id` onto `ctx.state.disclosure` (404 when absent). */
const loadDisclosureMw: Middleware<AppState> = async (ctx, next) => {
  const { id } = ctx.state.params as { id: string };
  (ctx.state as WithDisclosure).disclosure = await loadDisclosure(id);
  await next();
};

const loaded = (ctx: { state: unknown }) => (ctx.state as WithDisclosure).disclosure;

export const disclosureRoutes: Feature = (deps: FeatureDeps) => {
  const acting = (ctx: { state: AppState; ip: string }): Acting => ({
    actor: ctx.state.actor!,
    meta: { requestId: ctx.state.requestId, ip: ctx.ip },
    now: deps.clock(),
  });
  const detail = (ctx: { state: AppState }, doc: DisclosureDoc) =>
    disclosureDetail(ctx.state.actor, doc, deps.clock());
  const group = new RouteGroup({ prefix: '', tag: '公开事项' });
  const byId = { params: ZIdParams };
  const writeErrors = ['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE', 'CONFLICT'] as const;

  group
    .define(
      {
        method: 'post',
        path: '/orgs/:id/disclosures',
        summary: '起草公开事项（清样）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZCreateDisclosure },
        responses: { 201: ZDisclosure },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => detail(ctx, await createDisclosure(acting(ctx), ctx.state.params.id, ctx.state.body)),
    )
    .define(
      {
        method: 'post',
        path: '/orgs/:id/withheld',
        summary: '登记不予公开决定（须写明理由，监督人员可见）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZWithheld },
        responses: { 201: ZWithheldDecision },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => recordWithheld(acting(ctx), ctx.state.params.id, ctx.state.body),
    )
    .define(
      {
        method: 'patch',
        path: '/disclosures/:id',
        summary: '修改草稿（仅草稿、已退回或已审核未发布的稿件；已发布内容请走更正）',
        auth: 'required',
        idempotent: true,
        request: { ...byId, body: ZPatchDisclosure },
        responses: { 200: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await patchDisclosure(acting(ctx), loaded(ctx), ctx.state.body)),
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/submit',
        summary: '提交监督小组审核',
        auth: 'required',
        idempotent: true,
        request: byId,
        responses: { 200: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await submitDisclosure(acting(ctx), loaded(ctx))),
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/reviews',
        summary: '审核签章：同意（签章）或退回（须写明理由）',
        auth: 'required',
        idempotent: true,
        request: { ...byId, body: ZReview },
        responses: { 200: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await reviewDisclosure(acting(ctx), loaded(ctx), ctx.state.body)),
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/publish',
        summary: '发布（须达到规定签章人数）',
        auth: 'required',
        idempotent: true,
        request: byId,
        responses: { 200: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await publishDisclosure(acting(ctx), loaded(ctx))),
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/corrections',
        summary: '更正：生成新版本并重新审核，原版本保留可查',
        auth: 'required',
        idempotent: true,
        request: { ...byId, body: ZCorrection },
        responses: { 201: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await correctDisclosure(acting(ctx), loaded(ctx), ctx.state.body)),
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/revoke',
        summary: '撤回已发布事项（须写明理由，撤回记录公开）',
        auth: 'required',
        idempotent: true,
        request: { ...byId, body: ZRevoke },
        responses: { 200: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await revokeDisclosure(acting(ctx), loaded(ctx), ctx.state.body.reason)),
    )
    .define(
      {
        method: 'post',
        path: '/disclosures/:id/redactions',
        summary: '申请删除已发布内容中的个人信息（单元格或附件），须监督小组成员批准',
        auth: 'required',
        idempotent: true,
        request: { ...byId, body: ZRequestRedaction },
        responses: { 201: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => detail(ctx, await requestRedaction(acting(ctx), loaded(ctx), ctx.state.body)),
    );
  for (const decision of ['approve', 'reject'] as const) {
    group.define(
      {
        method: 'post',
        path: `/disclosures/:id/redactions/:rid/${decision}`,
        summary: decision === 'approve' ? '批准删除申请（记入哈希链与审计日志）' : '驳回删除申请',
        auth: 'required',
        idempotent: true,
        request: { params: ZRedactionParams },
        responses: { 200: ZDisclosure },
        errors: [...writeErrors],
        middleware: [loadDisclosureMw],
      },
      async (ctx) =>
        detail(
          ctx,
          await decideRedaction(acting(ctx), loaded(ctx), ctx.state.params.rid, decision === 'approve'),
        ),
    );
  }
  const helpers = { acting, detail, loaded, load: loadDisclosureMw };
  return defineFileRoutes(defineReadRoutes(group, deps, helpers), deps, helpers);
};
