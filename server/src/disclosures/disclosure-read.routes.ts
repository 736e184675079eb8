import {
  AppError,
  ErrorCode,
  listResponse,
  ZChainVerification,
  ZDisclosure,
  ZDisclosureQuery,
  ZDisclosureSummary,
  ZDraftQuery,
  ZObjectionTally,
  ZPagination,
  ZWithheldDecision,
} from '@sanwu/shared';
import { z } from 'zod';
import type { AppContext, FeatureDeps } from '../context';
import { conditional, weakEtag } from '../http/conditional';
import type { RouteGroup } from '../http/route-group';
import { verifyDisclosureChain } from './disclosure-chain';
import { ensureReadable, listPublished, listWorkspace } from './disclosure-read.service';
import { objectionTally } from './objection-tally';
import { disclosureUrl, renderPrintSheet } from './print-sheet';
import { ZIdParams } from '../policy/route-helpers';
import type { RouteHelpers } from './route-helpers';
import { listWithheld } from './withheld.service';

// The reading routes of the disclosures feature: public list and detail (cached), the hash-chain
// check, the objection tally, the print sheet, and the staff's workspace and 不予公开 record.

/**
 * Public reads: an ETag over the body, 304 when the client has it. Anonymous answers may be cached
 * by anyone for a minute; signed-in answers (drafts, unmasked names) only privately, revalidated.
 */
function cached<T>(ctx: AppContext, body: T): T | undefined {
  ctx.set('Cache-Control', ctx.state.actor ? 'private, no-cache' : 'public, max-age=60');
  ctx.vary('Authorization');
  return conditional(ctx, weakEtag(body as object), body);
}

export function defineReadRoutes(group: RouteGroup, deps: FeatureDeps, h: RouteHelpers): RouteGroup {
  const { acting, detail, loaded, load } = h;
  const byId = { params: ZIdParams };
  return group
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
        middleware: [load],
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
        middleware: [load],
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
        middleware: [load],
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
        middleware: [load],
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
    );
}
