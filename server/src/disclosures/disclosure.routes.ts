import {
  AppError,
  canonicalJson,
  ErrorCode,
  listResponse,
  sha256Hex,
  ZChainVerification,
  ZCorrection,
  ZCreateDisclosure,
  ZDisclosure,
  ZDisclosureQuery,
  ZDisclosureSummary,
  ZDraftQuery,
  ZObjectId,
  ZObjectionTally,
  ZPagination,
  ZPatchDisclosure,
  ZRequestRedaction,
  ZReview,
  ZRevoke,
  ZWithheld,
  ZWithheldDecision,
} from '@sanwu/shared';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { AppContext, AppState, FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import type { Feature } from '../routes';
import {
  correctDisclosure,
  decideRedaction,
  requestRedaction,
  revokeDisclosure,
} from './disclosure-change.service';
import { verifyDisclosureChain } from './disclosure-chain';
import { defineFileRoutes } from './disclosure-files.routes';
import { createDisclosure, patchDisclosure, submitDisclosure } from './disclosure-draft.service';
import type { DisclosureDoc } from './disclosure.model';
import { disclosureDetail, ensureReadable, listPublished, listWorkspace } from './disclosure-read.service';
import { publishDisclosure, reviewDisclosure } from './disclosure-review.service';
import { loadDisclosure, type Acting } from './disclosure-store';
import { objectionTally } from './objection-tally';
import { disclosureUrl, renderPrintSheet } from './print-sheet';
import { listWithheld, recordWithheld } from './withheld.service';

// 公开事项 routes (API.md "Disclosures"). Handlers parse nothing and decide nothing: the services
// authorise through the one policy and apply the shared state machine.

type WithDisclosure = AppState & { disclosure: DisclosureDoc };

const ZIdParams = z.object({ id: ZObjectId });
const ZRedactionParams = z.object({ id: ZObjectId, rid: ZObjectId });

/** Loads `:id` onto `ctx.state.disclosure` (404 when absent). */
const loadDisclosureMw: Middleware<AppState> = async (ctx, next) => {
  const { id } = ctx.state.params as { id: string };
  (ctx.state as WithDisclosure).disclosure = await loadDisclosure(id);
  await next();
};

const loaded = (ctx: { state: unknown }) => (ctx.state as WithDisclosure).disclosure;

/**
 * Public reads: an ETag over the body, 304 when the client has it. Anonymous answers may be cached
 * by anyone for a minute; signed-in answers (drafts, unmasked names) only privately, revalidated.
 */
function cached<T>(ctx: AppContext, body: T): T | undefined {
  ctx.set('ETag', `W/"${sha256Hex(canonicalJson(body)).slice(0, 32)}"`);
  ctx.set('Cache-Control', ctx.state.actor ? 'private, no-cache' : 'public, max-age=60');
  ctx.vary('Authorization');
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return undefined;
  }
  return body;
}

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
        method: 'get',
        path: '/orgs/:id/disclosures',
        summary: '公开事项列表（仅已发布，按发布时间倒序）',
        auth: 'public',
        request: { params: ZIdParams, query: ZDisclosureQuery },
        responses: { 200: listResponse(ZDisclosureSummary) },
        errors: ['NOT_FOUND'],
      },
      async (ctx) => cached(ctx, await listPublished(ctx.state.params.id, ctx.state.query, deps.clock())),
    )
    .define(
      {
        method: 'get',
        path: '/orgs/:id/disclosure-drafts',
        summary: '本组织全部公开事项（含草稿、审核中），供干部与监督人员办理',
        auth: 'required',
        request: { params: ZIdParams, query: ZDraftQuery },
        responses: { 200: listResponse(ZDisclosureSummary) },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => listWorkspace(ctx.state.actor!, ctx.state.params.id, ctx.state.query, deps.clock()),
    )
    .define(
      {
        method: 'post',
        path: '/orgs/:id/disclosures',
        summary: '起草公开事项（清样）',
        auth: 'required',
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
        request: { params: ZIdParams, body: ZWithheld },
        responses: { 201: ZWithheldDecision },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => recordWithheld(acting(ctx), ctx.state.params.id, ctx.state.body),
    )
    .define(
      {
        method: 'get',
        path: '/orgs/:id/withheld',
        summary: '不予公开备案列表（监督小组、上级监督）',
        auth: 'required',
        request: { params: ZIdParams, query: ZPagination },
        responses: { 200: listResponse(ZWithheldDecision) },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
      },
      async (ctx) => listWithheld(acting(ctx), ctx.state.params.id, ctx.state.query),
    )
    .define(
      {
        method: 'get',
        path: '/disclosures/:id',
        summary: '公开事项详情：各版本、签章、哈希链、公开期与异议统计',
        description: '未发布的事项仅本组织干部、监督人员和上级监督可见；个人信息对公众脱敏。',
        auth: 'optional',
        request: byId,
        responses: { 200: ZDisclosure },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => cached(ctx, await detail(ctx, loaded(ctx))),
    )
    .define(
      {
        method: 'get',
        path: '/disclosures/:id/verify',
        summary: '校验版本哈希链',
        auth: 'optional',
        request: byId,
        responses: { 200: ZChainVerification },
        errors: ['NOT_FOUND', 'FORBIDDEN'],
        middleware: [loadDisclosureMw],
      },
      (ctx) => {
        ensureReadable(ctx.state.actor, loaded(ctx));
        return verifyDisclosureChain(loaded(ctx));
      },
    )
    .define(
      {
        method: 'get',
        path: '/disclosures/:id/objections',
        summary: '公示异议统计',
        auth: 'optional',
        request: byId,
        responses: { 200: ZObjectionTally },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE'],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => {
        ensureReadable(ctx.state.actor, loaded(ctx));
        const tally = await objectionTally(loaded(ctx), deps.clock());
        if (!tally) throw new AppError(409, ErrorCode.INVALID_STATE, '该事项不是公示，没有异议统计');
        return tally;
      },
    )
    .define(
      {
        method: 'get',
        path: '/disclosures/:id/print',
        summary: '公开栏张贴稿（A4 HTML，含二维码）',
        description:
          '二维码打开 `${PUBLIC_BASE_URL}/#/pages/disclosure/index?id=<id>`。`?format=pdf` 答 406：服务器不生成 PDF，请在浏览器中打印此页（可另存为 PDF）。',
        auth: 'optional',
        request: { params: ZIdParams, query: z.object({ format: z.enum(['html', 'pdf']).default('html') }) },
        responses: { 200: { contentType: 'text/html', description: 'A4 张贴稿' } },
        errors: ['NOT_FOUND', 'FORBIDDEN', 'NOT_ACCEPTABLE'],
        middleware: [loadDisclosureMw],
      },
      async (ctx) => {
        if (ctx.state.query.format === 'pdf') {
          throw new AppError(
            406,
            ErrorCode.NOT_ACCEPTABLE,
            '服务器不生成 PDF，请打开 HTML 版本后用浏览器“打印”（可另存为 PDF）',
          );
        }
        const doc = loaded(ctx);
        const dto = await detail(ctx, doc);
        if (!dto.current.publishedAt)
          throw new AppError(409, ErrorCode.INVALID_STATE, '尚未发布的事项不能打印张贴稿');
        const base = deps.config.publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`;
        ctx.type = 'text/html; charset=utf-8';
        ctx.set('Cache-Control', ctx.state.actor ? 'private, no-cache' : 'public, max-age=60');
        ctx.body = await renderPrintSheet(dto, disclosureUrl(base, String(doc._id)));
      },
    )
    .define(
      {
        method: 'patch',
        path: '/disclosures/:id',
        summary: '修改草稿（仅草稿、已退回或已审核未发布的稿件；已发布内容请走更正）',
        auth: 'required',
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
  return defineFileRoutes(group, deps, { acting, detail, loaded, load: loadDisclosureMw });
};
