import {
  listResponse,
  NotFoundError,
  ZObjectId,
  ZPagination,
  ZRegistryImportQuery,
  ZRegistryImportResult,
  ZRegistryQuery,
  ZResident,
  ZResidentPatch,
  ZVerification,
  ZVerificationApproval,
  ZVerificationQuery,
  ZVerificationRejection,
  ZVerificationRequest,
} from '@sanwu/shared';
import type { Middleware } from 'koa';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { AppContext, AppState } from '../context';
import { RouteGroup, type RouteContext } from '../http/route-group';
import {
  actorOf,
  ensureCanOnOrg,
  loadOrgParam,
  orgOf,
  requestMeta,
  ZIdParams,
} from '../policy/route-helpers';
import type { Feature } from '../routes';
import { registryTemplate } from './registry-template';
import { Resident } from './resident.model';
import { readRegistryUpload } from './upload';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZOrgParams = z.object({ id: ZObjectId });

/** Asia/Shanghai calendar date of an instant, for file names. */
const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function sendXlsx(ctx: AppContext, buffer: Buffer, fileName: string): void {
  ctx.type = XLSX;
  // RFC 6266: an ASCII fallback plus the UTF-8 (Chinese) name.
  ctx.set(
    'Content-Disposition',
    `attachment; filename="registry.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  );
  ctx.set('Cache-Control', 'no-store');
  ctx.body = buffer;
}

/** 404 unless the registry entry belongs to the org of the path (no editing across villages). */
const loadResidentOfOrg: Middleware<AppState> = async (ctx, next) => {
  const { id, residentId } = ctx.state.params as { id: string; residentId: string };
  if (!(await Resident.exists({ _id: new Types.ObjectId(residentId), orgId: new Types.ObjectId(id) }))) {
    throw new NotFoundError('名册记录不存在');
  }
  await next();
};

function importSpec(path: string) {
  return {
    method: 'post' as const,
    path,
    summary: '导入村民名册（CSV 或 XLSX）',
    description:
      '以 multipart/form-data（字段 file）或直接以文件作为请求体上传。任一行有错时整份不导入，' +
      'details 列出每个错误（第几行、哪一列、原因）。mode=replace（默认）以新名册替换旧名册。',
    auth: 'required' as const,
    request: { params: ZOrgParams, query: ZRegistryImportQuery },
    responses: { 201: ZRegistryImportResult },
    errors: ['FORBIDDEN' as const, 'NOT_FOUND' as const, 'PAYLOAD_TOO_LARGE' as const],
    middleware: [loadOrgParam(), ensureCanOnOrg('registry.write')],
  };
}

/** The resident registry of a village and the residents' verification against it. */
export const residentRoutes: Feature = (deps) => {
  const { registry, verification } = deps.services;
  const importHandler = async (
    ctx: RouteContext<undefined, typeof ZRegistryImportQuery, typeof ZOrgParams>,
  ) => {
    const file = await readRegistryUpload(ctx.req);
    const options = { mode: ctx.state.query.mode };
    return registry.importRegistry(actorOf(ctx), ctx.state.params.id, file, options, requestMeta(ctx));
  };
  return (
    new RouteGroup({ prefix: '', tag: '村民名册与认证' })
      .define(
        {
          method: 'get',
          path: '/orgs/:id/residents',
          summary: '村民名册（手机号打码）',
          auth: 'required',
          request: { params: ZOrgParams, query: ZRegistryQuery.extend(ZPagination.shape) },
          responses: { 200: listResponse(ZResident) },
          errors: ['FORBIDDEN', 'NOT_FOUND'],
          middleware: [loadOrgParam(), ensureCanOnOrg('registry.read')],
        },
        async (ctx) => {
          const { page, pageSize, ...filter } = ctx.state.query;
          return registry.listRegistry(actorOf(ctx), ctx.state.params.id, filter, { page, pageSize });
        },
      )
      .define(importSpec('/orgs/:id/residents/import'), importHandler)
      // API.md's baseline path for the same import.
      .define(importSpec('/orgs/:id/residents'), importHandler)
      .define(
        {
          method: 'patch',
          path: '/orgs/:id/residents/:residentId',
          summary: '修改名册记录',
          auth: 'required',
          request: { params: ZOrgParams.extend({ residentId: ZObjectId }), body: ZResidentPatch },
          responses: { 200: ZResident },
          errors: ['FORBIDDEN', 'NOT_FOUND'],
          middleware: [loadOrgParam(), ensureCanOnOrg('registry.write'), loadResidentOfOrg],
        },
        async (ctx) =>
          registry.updateResident(
            actorOf(ctx),
            ctx.state.params.residentId,
            ctx.state.body,
            requestMeta(ctx),
          ),
      )
      .define(
        {
          method: 'get',
          path: '/orgs/:id/residents/export',
          summary: '导出村民名册（XLSX，手机号打码）',
          auth: 'required',
          request: { params: ZOrgParams },
          responses: { 200: { contentType: XLSX, description: '村民名册 Excel 文件' } },
          errors: ['FORBIDDEN', 'NOT_FOUND'],
          middleware: [loadOrgParam(), ensureCanOnOrg('registry.read')],
        },
        async (ctx) => {
          const buffer = await registry.exportRegistry(actorOf(ctx), ctx.state.params.id, requestMeta(ctx));
          sendXlsx(ctx, buffer, `村民名册-${orgOf(ctx).name}-${shanghaiDate(deps.clock())}.xlsx`);
        },
      )
      .define(
        {
          method: 'get',
          path: '/orgs/:id/residents/template',
          summary: '村民名册导入模板（XLSX）',
          auth: 'required',
          request: { params: ZOrgParams },
          responses: { 200: { contentType: XLSX, description: '空白名册模板与填写说明' } },
          errors: ['FORBIDDEN', 'NOT_FOUND'],
          middleware: [loadOrgParam(), ensureCanOnOrg('registry.write')],
        },
        async (ctx) => sendXlsx(ctx, await registryTemplate(), '村民名册导入模板.xlsx'),
      )
      .define(
        {
          method: 'post',
          path: '/orgs/:id/verifications',
          summary: '申请村民认证（姓名＋身份证后四位或手机号）',
          auth: 'required',
          idempotent: true,
          request: { params: ZOrgParams, body: ZVerificationRequest },
          responses: { 201: ZVerification },
          errors: ['NOT_FOUND', 'CONFLICT'],
          middleware: [loadOrgParam(), ensureCanOnOrg('verification.request')],
        },
        async (ctx) =>
          verification.requestVerification(
            actorOf(ctx),
            ctx.state.params.id,
            ctx.state.body,
            requestMeta(ctx),
          ),
      )
      .define(
        {
          method: 'get',
          path: '/orgs/:id/verifications',
          summary: '村民认证申请（村干部审核）',
          auth: 'required',
          request: { params: ZOrgParams, query: ZVerificationQuery.extend(ZPagination.shape) },
          responses: { 200: listResponse(ZVerification) },
          errors: ['FORBIDDEN', 'NOT_FOUND'],
          middleware: [loadOrgParam(), ensureCanOnOrg('verification.decide')],
        },
        async (ctx) => {
          const { status, page, pageSize } = ctx.state.query;
          return verification.listVerifications(actorOf(ctx), ctx.state.params.id, status, {
            page,
            pageSize,
          });
        },
      )
      .define(
        {
          method: 'post',
          path: '/verifications/:id/approve',
          summary: '通过村民认证',
          description: '默认绑定系统匹配到的名册记录；residentId 可指定另一条。',
          auth: 'required',
          idempotent: true,
          request: { params: ZIdParams, body: ZVerificationApproval },
          responses: { 200: ZVerification },
          errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE'],
        },
        async (ctx) =>
          verification.approveVerification(
            actorOf(ctx),
            ctx.state.params.id,
            ctx.state.body,
            requestMeta(ctx),
          ),
      )
      .define(
        {
          method: 'post',
          path: '/verifications/:id/reject',
          summary: '驳回村民认证',
          auth: 'required',
          idempotent: true,
          request: { params: ZIdParams, body: ZVerificationRejection },
          responses: { 200: ZVerification },
          errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
        },
        async (ctx) =>
          verification.rejectVerification(
            actorOf(ctx),
            ctx.state.params.id,
            ctx.state.body.reason,
            requestMeta(ctx),
          ),
      )
      .define(
        {
          method: 'get',
          path: '/verifications/mine',
          summary: '我的认证申请',
          auth: 'required',
          responses: { 200: z.object({ items: z.array(ZVerification) }) },
        },
        async (ctx) => ({ items: await verification.myVerifications(actorOf(ctx)) }),
      )
  );
};
