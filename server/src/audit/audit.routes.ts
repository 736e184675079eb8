import {
  ForbiddenError,
  listResponse,
  scopesFor,
  ZAuditEntry,
  ZAuditQuery,
  ZPagination,
} from '@sanwu/shared';
import { Types } from 'mongoose';
import { RouteGroup } from '../http/route-group';
import { Org } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget } from '../policy/authorize';
import { actorOf } from '../policy/route-helpers';
import type { Feature } from '../routes';
import { listAudit, type AuditFilter } from './audit.service';

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
      const actor = actorOf(ctx);
      const { orgId, actor: actorId, action, from, to, page, pageSize } = ctx.state.query;
      const filter: AuditFilter = {
        actorId,
        action,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      };
      if (orgId) {
        ensureCan(actor, 'audit.read', orgTarget(await loadOrg(orgId)));
        Object.assign(filter, { orgId, subtree: true });
      } else {
        const scopes = scopesFor(actor, 'audit.read');
        if (scopes.length === 0) throw new ForbiddenError('没有权限：查看审计日志');
        // The global chain (failed sign-ins of unknown names…) belongs to whoever holds a root.
        const roots = await Org.countDocuments({
          _id: { $in: scopes.map((s) => new Types.ObjectId(s)) },
          parentId: null,
        });
        Object.assign(filter, { scopes, includeGlobal: roots > 0 });
      }
      return listAudit(filter, { page, pageSize });
    },
  );
