import { Types } from 'mongoose';
import type { OrgDetailDto, OrgDto, Paginated, Pagination } from '@sanwu/shared';
import { effectiveOrgPolicy, requiredSignatures } from './org-policy.service';
import { Org, type OrgDoc } from './org.model';
import { escapeRegex, toOrgDto } from './org.service';

export interface OrgListFilter {
  /** Children of this org; with `q`, the subtree searched. Roots when absent and no `q`. */
  parentId?: string;
  /** Part of the name, matched as plain text (Chinese names have no word boundaries). */
  q?: string;
}

/**
 * The public org browser: the children of a parent (the top level without one), or a name
 * search — anywhere, or within the parent's subtree. Active orgs only, by name.
 */
export async function listOrgs(filter: OrgListFilter, page: Pagination): Promise<Paginated<OrgDto>> {
  const query: Record<string, unknown> = { active: true };
  const q = filter.q?.trim();
  if (q) {
    // Served by { active, name } (an unanchored pattern still scans only the name index).
    query.name = { $regex: escapeRegex(q) };
    if (filter.parentId) query.path = new Types.ObjectId(filter.parentId);
  } else {
    // Served by { parentId, name }.
    query.parentId = filter.parentId ? new Types.ObjectId(filter.parentId) : null;
  }
  const [items, total] = await Promise.all([
    Org.find(query)
      .sort({ name: 1, _id: 1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<OrgDoc[]>(),
    Org.countDocuments(query),
  ]);
  return { items: items.map(toOrgDto), total, page: page.page, pageSize: page.pageSize };
}

/** `GET /orgs/:id`: the org, its parent and ancestors (root first), and its policy summary. */
export async function orgDetail(org: OrgDoc): Promise<OrgDetailDto> {
  const ids = org.path.slice(0, -1);
  const docs = await Org.find({ _id: { $in: ids } })
    .select({ name: 1, level: 1 })
    .lean();
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  const ancestors = ids
    .map((id) => byId.get(String(id)))
    .filter((d) => d !== undefined)
    .map((d) => ({ id: String(d._id), name: d.name, level: d.level }));
  const groupSize = org.supervisionGroup?.length ?? 0;
  return {
    ...toOrgDto(org),
    parent: ancestors.at(-1) ?? null,
    ancestors,
    supervisionGroupSize: groupSize,
    requiredSignatures: requiredSignatures(effectiveOrgPolicy(org).reviewQuorum, groupSize),
  };
}
