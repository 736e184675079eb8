import { Types } from 'mongoose';
import {
  ConflictError,
  ORG_PARENT_LEVELS,
  ValidationError,
  type OrgDto,
  type OrgKind,
  type OrgLevel,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { PendingGrant } from '../users/pending-grant.model';
import { User } from '../users/user.model';
import { Org, type OrgDoc } from './org.model';

export interface CreateOrgInput {
  name: string;
  level: OrgLevel;
  kind: OrgKind;
  parentId?: string | null;
  code?: string;
}

/** Escapes a user's text for use inside a RegExp (the search box is not a regex language). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkParentLevel(level: OrgLevel, parent: OrgDoc | null): void {
  const allowed = ORG_PARENT_LEVELS[level];
  const ok = parent ? allowed.includes(parent.level) : allowed.includes(null);
  if (!ok)
    throw new ValidationError(parent ? '该类型的组织不能设在所选上级之下' : '该类型的组织必须有上级组织');
}

/**
 * Creates an org under `parentId` (or a root). The caller must be an admin over the parent;
 * a root org can only be created by the bootstrap (actor null), e.g. the seed.
 */
export async function createOrg(
  actor: LoadedActor | null,
  input: CreateOrgInput,
  meta: RequestMeta = {},
  now = new Date(),
) {
  const parent = input.parentId ? await loadOrg(input.parentId) : null;
  if (actor) {
    if (!parent) throw new ValidationError('请选择上级组织');
    ensureCan(actor, 'org.manage', orgTarget(parent));
  }
  if (parent && !parent.active) throw new ConflictError('上级组织已停用');
  checkParentLevel(input.level, parent);
  const _id = new Types.ObjectId();
  const org = await Org.create({
    _id,
    name: input.name,
    level: input.level,
    kind: input.kind,
    code: input.code,
    parentId: parent?._id ?? null,
    path: [...(parent?.path ?? []), _id],
  });
  await appendAudit({
    orgId: _id,
    actorId: actor?.userId,
    actorRole: actor ? 'admin' : 'system',
    action: 'org.create',
    target: { type: 'org', id: String(_id) },
    summary: { after: { name: org.name, level: org.level, parentId: parent ? String(parent._id) : null } },
    meta,
    at: now,
  });
  return org.toObject() as OrgDoc;
}

export async function renameOrg(
  actor: LoadedActor,
  orgId: string,
  name: string,
  meta: RequestMeta = {},
  now = new Date(),
) {
  const org = await loadOrg(orgId);
  const role = ensureCan(actor, 'org.manage', orgTarget(org));
  await Org.updateOne({ _id: org._id }, { $set: { name } });
  await appendAudit({
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'org.rename',
    target: { type: 'org', id: orgId },
    summary: { before: { name: org.name }, after: { name } },
    meta,
    at: now,
  });
  return { ...org, name };
}

/**
 * Moves an org (and its subtree) under a new parent, recomputing every descendant's path
 * and the orgPath of grants held over the subtree. Without transactions a crash midway
 * leaves some paths stale; re-running the same move finishes it (each step is idempotent).
 */
export async function moveOrg(
  actor: LoadedActor,
  orgId: string,
  newParentId: string,
  meta: RequestMeta = {},
  now = new Date(),
) {
  const org = await loadOrg(orgId);
  const parent = await loadOrg(newParentId);
  const role = ensureCan(actor, 'org.manage', orgTarget(org));
  ensureCan(actor, 'org.manage', orgTarget(parent));
  if (parent.path.some((id) => id.equals(org._id)))
    throw new ValidationError('不能把组织移到其自身或下级之下');
  checkParentLevel(org.level, parent);

  const depth = org.path.length - 1; // index of org itself in every descendant's path
  const newPrefix = [...parent.path];
  const subtree = await Org.find({ path: org._id }).select({ path: 1 }).lean();
  const newPaths = new Map<string, Types.ObjectId[]>();
  for (const d of subtree) newPaths.set(String(d._id), [...newPrefix, ...d.path.slice(depth)]);
  await Org.bulkWrite(
    subtree.map((d) => ({
      updateOne: {
        filter: { _id: d._id },
        update: {
          $set: {
            path: newPaths.get(String(d._id))!,
            ...(d._id.equals(org._id) && { parentId: parent._id }),
          },
        },
      },
    })),
  );
  // Grants keep a copy of the org path; bring those of the subtree in step.
  const holders = await User.find({ 'grants.orgPath': org._id }).select({ grants: 1 }).lean();
  for (const u of holders) {
    const grants = u.grants.map((g) => ({ ...g, orgPath: newPaths.get(String(g.orgId)) ?? g.orgPath }));
    await User.updateOne({ _id: u._id }, { $set: { grants } });
  }
  // Pending two-person proposals are authorised against the path too.
  const proposals = await PendingGrant.find({ status: 'pending', orgPath: org._id })
    .select({ orgId: 1 })
    .lean();
  for (const p of proposals) {
    await PendingGrant.updateOne({ _id: p._id }, { $set: { orgPath: newPaths.get(String(p.orgId)) } });
  }
  await appendAudit({
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'org.move',
    target: { type: 'org', id: orgId },
    summary: { before: { parentId: String(org.parentId) }, after: { parentId: newParentId } },
    meta,
    at: now,
  });
  return loadOrg(orgId);
}

/** Deactivates an org; its history (disclosures, audit) stays. Children must go first. */
export async function deactivateOrg(
  actor: LoadedActor,
  orgId: string,
  now = new Date(),
  meta: RequestMeta = {},
  reason?: string,
) {
  const org = await loadOrg(orgId);
  const role = ensureCan(actor, 'org.manage', orgTarget(org));
  if (!org.active) return org;
  if (await Org.exists({ parentId: org._id, active: true })) throw new ConflictError('请先停用其下级组织');
  await Org.updateOne({ _id: org._id }, { $set: { active: false, deactivatedAt: now } });
  await appendAudit({
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'org.deactivate',
    target: { type: 'org', id: orgId },
    summary: { before: { active: true }, after: { active: false, reason: reason ?? null } },
    meta,
    at: now,
  });
  return { ...org, active: false, deactivatedAt: now };
}

export const getOrg = loadOrg;

/** Direct children of `parentId` (roots when null), active ones unless asked otherwise. */
export async function listChildren(parentId: string | null, includeInactive = false): Promise<OrgDoc[]> {
  const query: Record<string, unknown> = { parentId: parentId ? new Types.ObjectId(parentId) : null };
  if (!includeInactive) query.active = true;
  return Org.find(query).sort({ name: 1 }).lean<OrgDoc[]>();
}

/** Orgs whose name contains `q` (plain text, not a pattern), optionally within a subtree. */
export async function searchOrgs(q: string, options: { within?: string; limit?: number } = {}) {
  const query: Record<string, unknown> = { name: { $regex: escapeRegex(q.trim()) }, active: true };
  if (options.within) query.path = new Types.ObjectId(options.within);
  return Org.find(query)
    .sort({ name: 1 })
    .limit(options.limit ?? 50)
    .lean<OrgDoc[]>();
}

/** The org's ancestors, root first, excluding itself. */
export async function ancestors(orgId: string): Promise<OrgDoc[]> {
  const org = await loadOrg(orgId);
  const ids = org.path.slice(0, -1);
  const docs = await Org.find({ _id: { $in: ids } }).lean<OrgDoc[]>();
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  return ids.map((id) => byId.get(String(id))).filter((d): d is OrgDoc => d !== undefined);
}

/** The API shape of an org (public: name, level, parent, policy summary). */
export function toOrgDto(org: OrgDoc): OrgDto {
  return {
    id: String(org._id),
    name: org.name,
    level: org.level,
    kind: org.kind,
    parentId: org.parentId ? String(org.parentId) : null,
    path: org.path.map(String),
    code: org.code ?? null,
    active: org.active,
    policy: {
      reviewQuorum: (org.policy?.reviewQuorum as 'majority' | 'all' | number | undefined) ?? 'majority',
      financeCadence: org.policy?.financeCadence ?? 'monthly',
    },
  };
}
