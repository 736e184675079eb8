import { z } from 'zod';
import {
  listResponse,
  ZCloseNotice,
  ZComplaint,
  ZComplaintQuery,
  ZComplianceQuery,
  ZComplianceReport,
  ZCreateNotice,
  ZNotice,
  ZNoticeResponse,
  ZObjectId,
  ZOrgIdQuery,
  ZOverdueBoard,
  ZOverview,
  ZPagination,
  ZPublicRecord,
  ZRecordQuery,
  ZSupervisionRange,
} from '@sanwu/shared';
import type { AppContext, FeatureDeps } from '../context';
import { conditional, weakEtag } from '../http/conditional';
import { DEFAULT_REMINDERS } from '../feedback/feedback-deadlines';
import { RouteGroup } from '../http/route-group';
import {
  actorOf,
  ensureCanOnOrg,
  loadOrgParam,
  orgOf,
  requestMeta,
  ZIdParams,
} from '../policy/route-helpers';
import type { Feature } from '../routes';
import { listComplaints } from './complaints.service';
import { complianceEntries, toOrgCompliance } from './compliance.service';
import { feedbackWorkbook } from './feedback-export';
import {
  closeNotice,
  createNotice,
  ensureCanReadNotice,
  listOrgNotices,
  loadNotice,
  respondToNotice,
  toNoticeDto,
} from './notice.service';
import { overdueBoard } from './overdue.service';
import { overview } from './overview.service';
import { publicRecord, recordCsv } from './record.service';
import { supervisedSubtree, yearRange } from './subtree';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Public, cacheable reads: a weak ETag over the body, 304 when the client has it. */
function cached<T>(ctx: AppContext, body: T): T | undefined {
  ctx.set('Cache-Control', 'public, max-age=300');
  return conditional(ctx, weakEtag(body as object), body);
}

/** Supervision (issue 8; API.md "Supervision"): figures, complaint log, compliance, 通报, public record. */
export const supervisionRoutes: Feature = (deps: FeatureDeps) => {
  const reminders = deps.config.reminders ?? DEFAULT_REMINDERS;
  const acting = (ctx: AppContext) => ({ actor: actorOf(ctx), meta: requestMeta(ctx), now: deps.clock() });
  return new RouteGroup({ prefix: '', tag: '监督' })
    .define(
      {
        method: 'get',
        path: '/supervision/overview',
        summary:
          '监督概况：意见数量、按期答复率、答复用时（工作日中位数、90%分位）、满意度、异议达到半数、公开逾期与缺失',
        auth: 'required',
        request: { query: ZSupervisionRange },
        responses: { 200: ZOverview },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      (ctx) => overview(actorOf(ctx), ctx.state.query, deps.clock()),
    )
    .define(
      {
        method: 'get',
        path: '/supervision/complaints',
        summary: '意见台账（本级及下级，含完整办理记录）',
        auth: 'required',
        request: { query: ZComplaintQuery },
        responses: { 200: listResponse(ZComplaint) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      (ctx) => listComplaints(actorOf(ctx), ctx.state.query, deps.clock(), reminders),
    )
    .define(
      {
        method: 'get',
        path: '/supervision/overdue',
        summary: '超期事项：超期未答复的意见、逾期未公开的事项、逾期未更正的公示',
        auth: 'required',
        request: { query: ZOrgIdQuery },
        responses: { 200: ZOverdueBoard },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      (ctx) => overdueBoard(actorOf(ctx), ctx.state.query.orgId, deps.clock(), reminders),
    )
    .define(
      {
        method: 'get',
        path: '/supervision/compliance',
        summary: '公开目录执行情况：每个单位每期应公开事项的按时、逾期（工作日）、缺失',
        auth: 'required',
        request: { query: ZComplianceQuery },
        responses: { 200: ZComplianceReport },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const now = deps.clock();
        const { orgs } = await supervisedSubtree(actorOf(ctx), ctx.state.query.orgId);
        const entries = await complianceEntries(orgs, yearRange(ctx.state.query.year, now), now);
        return {
          year: ctx.state.query.year,
          asOf: now.toISOString(),
          orgs: orgs
            .filter((o) => entries.has(String(o._id)))
            .map((o) => toOrgCompliance(o, entries.get(String(o._id))!)),
        };
      },
    )
    .define(
      {
        method: 'get',
        path: '/exports/feedback.xlsx',
        summary: '导出意见台账（XLSX，中文表头）',
        auth: 'required',
        request: { query: ZSupervisionRange },
        responses: { 200: { contentType: XLSX_MIME, description: '意见台账' } },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const { stream, filename } = await feedbackWorkbook(actorOf(ctx), ctx.state.query, deps.clock());
        ctx.attachment(filename);
        ctx.type = XLSX_MIME;
        ctx.body = stream;
      },
    )
    .define(
      {
        method: 'post',
        path: '/supervision/notices',
        summary: '发布通报、责令限期整改（上级监督）',
        auth: 'required',
        idempotent: true,
        request: { body: ZCreateNotice },
        responses: { 201: ZNotice },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const a = acting(ctx);
        return toNoticeDto(await createNotice(a, ctx.state.body, reminders), a.now);
      },
    )
    .define(
      {
        method: 'get',
        path: '/orgs/:id/notices',
        summary: '本单位及下级收到的通报（干部、监督小组、上级监督）',
        auth: 'required',
        request: { params: ZIdParams, query: ZPagination },
        responses: { 200: listResponse(ZNotice) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: [loadOrgParam(), ensureCanOnOrg('notice.read')],
      },
      async (ctx) => {
        const { page, pageSize } = ctx.state.query;
        const { items, total } = await listOrgNotices(orgOf(ctx), page, pageSize);
        return { items: items.map((n) => toNoticeDto(n, deps.clock())), total, page, pageSize };
      },
    )
    .define(
      {
        method: 'get',
        path: '/notices/:id',
        summary: '查看通报',
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 200: ZNotice },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const n = await loadNotice(ctx.state.params.id);
        await ensureCanReadNotice(actorOf(ctx), n);
        return toNoticeDto(n, deps.clock());
      },
    )
    .define(
      {
        method: 'post',
        path: '/notices/:id/responses',
        summary: '报告整改情况（被通报单位的干部）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZNoticeResponse },
        responses: { 201: ZNotice },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONFLICT'],
      },
      async (ctx) => {
        const a = acting(ctx);
        const saved = await respondToNotice(a, await loadNotice(ctx.state.params.id), ctx.state.body);
        return toNoticeDto(saved, a.now);
      },
    )
    .define(
      {
        method: 'post',
        path: '/notices/:id/close',
        summary: '通报办结（发布通报的上级监督）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZCloseNotice },
        responses: { 200: ZNotice },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONFLICT'],
      },
      async (ctx) => {
        const a = acting(ctx);
        const n = await loadNotice(ctx.state.params.id);
        return toNoticeDto(await closeNotice(a, n, ctx.state.body.conclusion), a.now);
      },
    )
    .define(
      {
        method: 'get',
        path: '/orgs/:id/record',
        summary: '村级公开履职记录（公开）：本年度按时、逾期、缺失的公开，按期答复，当前超期',
        auth: 'public',
        request: { params: ZIdParams, query: ZRecordQuery },
        responses: { 200: ZPublicRecord },
        errors: ['NOT_FOUND'],
      },
      async (ctx) => cached(ctx, await publicRecord(ctx.state.params.id, ctx.state.query.year, deps.clock())),
    )
    .define(
      {
        method: 'get',
        path: '/exports/record.csv',
        summary: '导出公开履职记录（CSV，匿名：不含姓名与编号）',
        auth: 'public',
        request: { query: z.object({ orgId: ZObjectId, year: ZComplianceQuery.shape.year }) },
        responses: { 200: { contentType: 'text/csv', description: '履职记录' } },
        errors: ['NOT_FOUND'],
      },
      async (ctx) => {
        const record = await publicRecord(ctx.state.query.orgId, ctx.state.query.year, deps.clock());
        ctx.attachment(`${record.orgName}-${record.year}年度公开履职记录.csv`);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = recordCsv(record);
      },
    );
};
