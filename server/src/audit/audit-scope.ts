import { ForbiddenError, scopesFor } from '@sanwu/shared';
import { Types } from 'mongoose';
import { Org } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import type { AuditFilter } from './audit.service';

/**
 * Which chains a reader of `GET /audit` may see: the subtree of `orgId` when they may read
 * its audit log (else 404/403), without one every subtree they read. The global chain
 * (failed sign-ins of unknown names, accounts without roles) belongs to readers of a root.
 */
export async function auditScope(
  actor: LoadedActor,
  orgId: string | undefined,
): Promise<Pick<AuditFilter, 'orgId' | 'subtree' | 'scopes' | 'includeGlobal'>> {
  if (orgId) {
    ensureCan(actor, 'audit.read', orgTarget(await loadOrg(orgId)));
    return { orgId, subtree: true };
  }
  const scopes = scopesFor(actor, 'audit.read');
  if (scopes.length === 0) throw new ForbiddenError('没有权限：查看审计日志');
  const roots = await Org.countDocuments({
    _id: { $in: scopes.map((s) => new Types.ObjectId(s)) },
    parentId: null,
  });
  return { scopes, includeGlobal: roots > 0 };
}
