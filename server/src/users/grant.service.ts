import { Types } from 'mongoose';
import {
  checkGrantApproval,
  ConflictError,
  ForbiddenError,
  grantNeedsApproval,
  InvalidStateError,
  NotFoundError,
  type Role,
} from '@sanwu/shared';
import { appendAudit, type AuditInput, type RequestMeta } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { PendingGrant, type PendingGrantDoc } from './pending-grant.model';
import { User } from './user.model';
import { getUser } from './user.service';

export interface GrantInput {
  userId: string;
  role: Role;
  orgId: string;
}

export type ProposeResult = { status: 'granted' } | { status: 'pending'; pendingGrantId: string };

/**
 * Adds the grant with the audit entry it owes (audit/audits-owed), then appends that entry: a grant
 * never stands without its entry, even when the request is cut short between the two writes.
 */
async function applyGrant(
  grant: { userId: Types.ObjectId | string; role: Role; orgId: Types.ObjectId; orgPath: Types.ObjectId[] },
  grantedBy: string,
  audit: AuditInput & { at: Date },
): Promise<void> {
  // $addToSet would compare whole subdocuments (grantedAt differs), so check role+org first.
  const userId = new Types.ObjectId(String(grant.userId));
  const held = { role: grant.role, orgId: grant.orgId };
  if (!(await User.exists({ _id: userId, grants: { $elemMatch: held } }))) {
    const added = {
      ...held,
      orgPath: grant.orgPath,
      grantedBy: new Types.ObjectId(grantedBy),
      grantedAt: audit.at,
    };
    await User.updateOne(
      { _id: userId },
      { $push: { grants: added, auditsOwed: oweAudit(audit, audit.at) } },
    );
  }
  await appendAudit(audit);
}

/**
 * An admin grants a role over an org in their subtree. Cadre, supervisor and resident
 * take effect at once; inspector and admin wait for a second admin (two-person rule).
 */
export async function proposeGrant(
  actor: LoadedActor,
  input: GrantInput,
  meta: RequestMeta = {},
  now = new Date(),
): Promise<ProposeResult> {
  const org = await loadOrg(input.orgId);
  ensureCan(actor, 'grant.propose', orgTarget(org));
  const user = await getUser(input.userId);
  if (user.grants.some((g) => g.role === input.role && g.orgId.equals(org._id))) {
    throw new ConflictError('该用户已拥有此角色');
  }
  if (input.role !== 'resident' && user.kind !== 'staff')
    throw new ConflictError('只能为工作人员账号授予此角色');
  const audit = {
    orgId: org._id,
    actorId: actor.userId,
    actorRole: 'admin',
    target: { type: 'user', id: input.userId },
    summary: { after: { role: input.role, orgId: input.orgId } },
    meta,
    at: now,
  };
  if (!grantNeedsApproval(input.role)) {
    await applyGrant(
      { userId: user._id, role: input.role, orgId: org._id, orgPath: org.path },
      actor.userId,
      { ...audit, action: 'grant.apply' },
    );
    return { status: 'granted' };
  }
  if (await PendingGrant.exists({ userId: user._id, role: input.role, orgId: org._id, status: 'pending' })) {
    throw new ConflictError('已有相同的授权申请待审批');
  }
  const _id = new Types.ObjectId();
  const proposed = { ...audit, action: 'grant.propose', target: { type: 'pending-grant', id: String(_id) } };
  const pending = await PendingGrant.create({
    _id,
    userId: user._id,
    role: input.role,
    orgId: org._id,
    orgPath: org.path,
    proposedBy: new Types.ObjectId(actor.userId),
    auditsOwed: [oweAudit(proposed, now)],
  });
  await appendAudit(proposed);
  return { status: 'pending', pendingGrantId: String(pending._id) };
}

async function loadPending(id: string): Promise<PendingGrantDoc> {
  const p = Types.ObjectId.isValid(id) ? await PendingGrant.findById(id).lean<PendingGrantDoc>() : null;
  if (!p) throw new NotFoundError('授权申请不存在');
  return p;
}

// Checked after the permission, so only an admin learns whether a proposal was decided.
function ensurePending(p: PendingGrantDoc): void {
  if (p.status !== 'pending') throw new InvalidStateError('该授权申请已处理');
}

/** A second admin approves; the proposer cannot approve their own proposal. */
export async function approveGrant(
  actor: LoadedActor,
  pendingGrantId: string,
  meta: RequestMeta = {},
  now = new Date(),
) {
  const p = await loadPending(pendingGrantId);
  const refusal = checkGrantApproval(actor, {
    proposedBy: String(p.proposedBy),
    orgPath: p.orgPath.map(String),
  });
  if (refusal === 'own-proposal')
    throw new ForbiddenError('授予重要权限须由另一名管理员审批，不能审批自己的申请');
  if (refusal) throw new ForbiddenError('没有权限：批准角色授予');
  ensurePending(p);
  // Claim the proposal so two approvers racing apply it once.
  const claimed = await PendingGrant.findOneAndUpdate(
    { _id: p._id, status: 'pending' },
    { $set: { status: 'approved', approvedBy: new Types.ObjectId(actor.userId), decidedAt: now } },
  ).lean();
  if (!claimed) throw new InvalidStateError('该授权申请已处理');
  await applyGrant(p, actor.userId, {
    orgId: p.orgId,
    actorId: actor.userId,
    actorRole: 'admin',
    action: 'grant.approve',
    target: { type: 'user', id: String(p.userId) },
    summary: { after: { role: p.role, orgId: String(p.orgId), proposedBy: String(p.proposedBy) } },
    meta,
    at: now,
  });
  return { status: 'granted' as const };
}

export async function rejectGrant(
  actor: LoadedActor,
  pendingGrantId: string,
  reason: string,
  meta: RequestMeta = {},
  now = new Date(),
) {
  const p = await loadPending(pendingGrantId);
  ensureCan(actor, 'grant.approve', { orgPath: p.orgPath.map(String) });
  ensurePending(p);
  const rejected: AuditInput = {
    orgId: p.orgId,
    actorId: actor.userId,
    actorRole: 'admin',
    action: 'grant.reject',
    target: { type: 'pending-grant', id: pendingGrantId },
    summary: { after: { role: p.role, reason } },
    meta,
    at: now,
  };
  await PendingGrant.updateOne(
    { _id: p._id, status: 'pending' },
    {
      $set: { status: 'rejected', approvedBy: new Types.ObjectId(actor.userId), decidedAt: now, reason },
      $push: { auditsOwed: oweAudit(rejected, now) },
    },
  );
  await appendAudit(rejected);
}

/** Withdraws a role. Taking rights away needs no second admin. */
export async function revokeGrant(
  actor: LoadedActor,
  input: GrantInput,
  meta: RequestMeta = {},
  now = new Date(),
) {
  const org = await loadOrg(input.orgId);
  ensureCan(actor, 'grant.propose', orgTarget(org));
  if (!Types.ObjectId.isValid(input.userId)) throw new NotFoundError('用户不存在');
  const revoked: AuditInput = {
    orgId: org._id,
    actorId: actor.userId,
    actorRole: 'admin',
    action: 'grant.revoke',
    target: { type: 'user', id: input.userId },
    summary: { before: { role: input.role, orgId: input.orgId } },
    meta,
    at: now,
  };
  // The filter names the grant, so "nothing to revoke" is a match count of 0, not a guess.
  const res = await User.updateOne(
    {
      _id: new Types.ObjectId(input.userId),
      grants: { $elemMatch: { role: input.role, orgId: org._id } },
    },
    {
      $pull: { grants: { role: input.role, orgId: org._id } },
      $push: { auditsOwed: oweAudit(revoked, now) },
    },
  );
  if (res.matchedCount === 0) throw new NotFoundError('该用户没有此角色');
  await appendAudit(revoked);
}

/** Pending proposals within the admin's reach, oldest first. */
export async function listPendingGrants(actor: LoadedActor) {
  const scopes = actor.grants.filter((g) => g.role === 'admin').map((g) => new Types.ObjectId(g.orgId));
  if (scopes.length === 0) return [];
  return PendingGrant.find({ status: 'pending', orgPath: { $in: scopes } })
    .sort({ createdAt: 1 })
    .lean<PendingGrantDoc[]>();
}
