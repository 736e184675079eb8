import { Types } from 'mongoose';
import {
  ForbiddenError,
  scopesFor,
  type CreateStaff,
  type Paginated,
  type Pagination,
  type PendingGrantDto,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { escapeRegex } from '../orgs/org.service';
import { Org } from '../orgs/org.model';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { listPendingGrants, proposeGrant, type ProposeResult } from './grant.service';
import { toUserDto, type UserDto } from './user.mapper';
import { User, type UserDoc } from './user.model';
import { createStaffUser, getUser } from './user.service';

/**
 * `POST /users`: an admin creates a staff account for a role over an org in their reach.
 * The permission is checked before the account exists, so a refused request leaves no
 * account without a role behind; inspector/admin roles then wait for a second admin.
 */
export async function createStaffWithRole(
  actor: LoadedActor,
  input: CreateStaff,
  meta: RequestMeta,
  now: Date,
): Promise<{ user: UserDto; grant: ProposeResult }> {
  const org = await loadOrg(input.orgId);
  const role = ensureCan(actor, 'user.manage', orgTarget(org));
  const created = await createStaffUser({
    name: input.name,
    username: input.username,
    password: input.password,
  });
  await appendAudit({
    orgId: org._id,
    actorId: actor.userId,
    actorRole: role,
    action: 'user.create',
    target: { type: 'user', id: String(created._id) },
    summary: { after: { name: created.name, username: created.username, kind: 'staff' } },
    meta,
    at: now,
  });
  const grant = await proposeGrant(
    actor,
    { userId: String(created._id), role: input.role, orgId: input.orgId },
    meta,
    now,
  );
  return { user: toUserDto(await getUser(String(created._id))), grant };
}

/** `GET /users?orgId=&q=`: accounts holding a role within the subtree(s) the admin manages. */
export async function listUsers(
  actor: LoadedActor,
  filter: { orgId?: string; q?: string },
  page: Pagination,
): Promise<Paginated<UserDto>> {
  let scopes: string[];
  if (filter.orgId) {
    ensureCan(actor, 'user.manage', orgTarget(await loadOrg(filter.orgId)));
    scopes = [filter.orgId];
  } else {
    scopes = scopesFor(actor, 'user.manage');
    if (scopes.length === 0) throw new ForbiddenError('没有权限：管理账号');
  }
  // Served by the { 'grants.orgPath', 'grants.role' } index of user.model.ts.
  const query: Record<string, unknown> = {
    'grants.orgPath': { $in: scopes.map((s) => new Types.ObjectId(s)) },
  };
  const q = filter.q?.trim();
  if (q)
    query.$or = [
      { name: { $regex: escapeRegex(q) } },
      { username: { $regex: escapeRegex(q.toLowerCase()) } },
    ];
  const [items, total] = await Promise.all([
    User.find(query)
      .sort({ name: 1, _id: 1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<UserDoc[]>(),
    User.countDocuments(query),
  ]);
  return { items: items.map(toUserDto), total, page: page.page, pageSize: page.pageSize };
}

/** `GET /grants/pending`: the admin's queue with the names a person needs to decide. */
export async function pendingGrantDtos(actor: LoadedActor): Promise<PendingGrantDto[]> {
  const pending = await listPendingGrants(actor);
  const userIds = pending.flatMap((p) => [p.userId, p.proposedBy]);
  const [users, orgs] = await Promise.all([
    User.find({ _id: { $in: userIds } })
      .select({ name: 1 })
      .lean(),
    Org.find({ _id: { $in: pending.map((p) => p.orgId) } })
      .select({ name: 1 })
      .lean(),
  ]);
  const name = (list: { _id: Types.ObjectId; name: string }[], id: Types.ObjectId) =>
    list.find((x) => x._id.equals(id))?.name ?? '';
  return pending.map((p) => ({
    id: String(p._id),
    userId: String(p.userId),
    userName: name(users, p.userId),
    role: p.role,
    orgId: String(p.orgId),
    orgName: name(orgs, p.orgId),
    proposedBy: String(p.proposedBy),
    proposedByName: name(users, p.proposedBy),
    createdAt: ((p as { createdAt?: Date }).createdAt ?? new Date(0)).toISOString(),
  }));
}
