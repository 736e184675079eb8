import { z } from 'zod';
import {
  ZArchive,
  ZCreateArchive,
  ZModification,
  ZModificationDecision,
  ZModificationRequest,
  ZObjectId,
} from '@sanwu/shared';
import type { AppContext, FeatureDeps } from '../context';
import { RouteGroup } from '../http/route-group';
import { ensureCan, loadOrg, orgTarget } from '../policy/authorize';
import {
  actorOf,
  ensureCanOnOrg,
  loadOrgParam,
  orgOf,
  requestMeta,
  ZIdParams,
} from '../policy/route-helpers';
import type { Feature } from '../routes';
import { exportArchive } from './archive-export';
import { closeYear, findArchive, listArchives, loadArchive, toArchiveDto } from './archive.service';
import {
  decideModification,
  listModifications,
  loadModification,
  requestModification,
  toModificationDto,
} from './modification.service';

const ZYearParams = z.object({ id: ZObjectId, year: ZCreateArchive.shape.year });

/** Year archives and data-modification requests (DOMAIN.md "Archive 档案"). */
export const archiveRoutes: Feature = (deps: FeatureDeps) => {
  const acting = (ctx: AppContext) => ({ actor: actorOf(ctx), meta: requestMeta(ctx), now: deps.clock() });
  const readable = async (ctx: AppContext, orgId: unknown) =>
    ensureCan(actorOf(ctx), 'archive.read', orgTarget(await loadOrg(String(orgId))));
  return new RouteGroup({ prefix: '', tag: '归档' })
    .define(
      {
        method: 'post',
        path: '/orgs/:id/archives',
        summary: '年度归档：该年度的公开事项、版本、签章、意见与答复转为只读（上级监督、管理员）',
        auth: 'required',
        request: { params: ZIdParams, body: ZCreateArchive },
        responses: { 201: ZArchive },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INVALID_STATE'],
        middleware: [loadOrgParam()],
      },
      async (ctx) => {
        const archive = await closeYear(acting(ctx), orgOf(ctx), ctx.state.body.year);
        return toArchiveDto(archive);
      },
    )
    .define(
      {
        method: 'get',
        path: '/orgs/:id/archives',
        summary: '已归档的年度',
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 200: z.object({ items: z.array(ZArchive) }) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: [loadOrgParam(), ensureCanOnOrg('archive.read')],
      },
      async (ctx) => ({ items: (await listArchives(orgOf(ctx))).map(toArchiveDto) }),
    )
    .define(
      {
        method: 'get',
        path: '/orgs/:id/archives/:year/export.zip',
        summary: '导出年度档案（ZIP：JSON 数据、张贴稿 HTML、附件、manifest.json 内容哈希）',
        description:
          '离线校验：`npm run archive:verify -w @sanwu/server -- <zip>`。响应头 X-Manifest-Sha256 为清单的哈希。',
        auth: 'required',
        request: { params: ZYearParams },
        responses: { 200: { contentType: 'application/zip', description: '年度档案' } },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
        middleware: [loadOrgParam(), ensureCanOnOrg('archive.read')],
      },
      async (ctx) => {
        const archive = await findArchive(orgOf(ctx), ctx.state.params.year);
        const base = deps.config.publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`;
        const out = await exportArchive(archive, actorOf(ctx), deps.services.storage, base, deps.clock());
        ctx.attachment(out.filename);
        ctx.type = 'application/zip';
        ctx.set('X-Manifest-Sha256', out.manifestSha256);
        ctx.body = out.zip;
      },
    )
    .define(
      {
        method: 'post',
        path: '/archives/:id/modification-requests',
        summary: '提出数据修改申请（已归档记录的更正）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZModificationRequest },
        responses: { 201: ZModification },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const archive = await loadArchive(ctx.state.params.id);
        const m = await requestModification(acting(ctx), archive, ctx.state.body);
        return toModificationDto(m);
      },
    )
    .define(
      {
        method: 'get',
        path: '/archives/:id/modification-requests',
        summary: '归档的数据修改申请',
        auth: 'required',
        request: { params: ZIdParams },
        responses: { 200: z.object({ items: z.array(ZModification) }) },
        errors: ['FORBIDDEN', 'NOT_FOUND'],
      },
      async (ctx) => {
        const archive = await loadArchive(ctx.state.params.id);
        await readable(ctx, archive.orgId);
        return { items: (await listModifications(archive)).map(toModificationDto) };
      },
    )
    .define(
      {
        method: 'post',
        path: '/modification-requests/:id/decision',
        summary: '审批数据修改申请（上级监督；批准即执行修改）',
        auth: 'required',
        idempotent: true,
        request: { params: ZIdParams, body: ZModificationDecision },
        responses: { 200: ZModification },
        errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONFLICT'],
      },
      async (ctx) => {
        const m = await loadModification(ctx.state.params.id);
        const { decision, comment } = ctx.state.body;
        return toModificationDto(await decideModification(acting(ctx), m, decision, comment));
      },
    );
};
