import { listResponse, ZAuditEntry, ZAuditQuery, ZPagination } from '@sanwu/shared';
import { RouteGroup } from '../http/route-group';
import { actorOf } from '../policy/route-helpers';
import type { Feature } from '../routes';
import { auditScope } from './audit-scope';
import { listAudit } from './audit.service';

/** The audit log, read-only: no route updates or deletes an entry. */
export const auditRoutes: Feature = () =>
  new RouteGroup({ prefix: '/audit', tag: '审计日志' }).define(
    {
      method: 'get',
      path: '/',
      summary: '审计日志（上级监督、管理员；本级及下级）',
      description: '不带 orgId 时列出调用者管辖范围内的全部记录；最新的在前。',
      auth: 'required',
      request: { query: ZAuditQuery.extend(ZPagination.shape) },
      responses: { 200: listResponse(ZAuditEntry) },
      errors: ['FORBIDDEN', 'NOT_FOUND'],
    },
    async (ctx) => {
      const { orgId, actor, action, from, to, page, pageSize } = ctx.state.query;
      const scope = await auditScope(actorOf(ctx), orgId);
      const filter = {
        ...scope,
        actorId: actor,
        action,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      };
      return listAudit(filter, { page, pageSize });
    },
  );
