import { Types } from 'mongoose';
import {
  ACTIONS,
  can,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  type Action,
  type Actor,
  type Role,
  type Target,
} from '@sanwu/shared';
import { readById } from '../db/read-by-id';
import { Org, type OrgDoc } from '../orgs/org.model';
import { User, type UserDoc } from '../users/user.model';

/** An actor as the services see it: the policy's Actor plus who they are. */
export interface LoadedActor extends Actor {
  name: string;
  kind: 'resident' | 'staff';
  /**
   * org id → the registry entry the caller is verified as there, read with the grants (absent on
   * an actor built elsewhere: then the registry link is read again).
   */
  verifiedAs?: Record<string, string>;
}

/** What a request needs of its caller (not the password hash, phone or WeChat ids). */
// NOTE: the caller and the org are read on almost every request, by `readById`: the same documents
// as mongoose's `lean()` without its query building or the driver's cursor (docs/performance.md).
const ACTOR_FIELDS = { name: 1, kind: 1, grants: 1, disabled: 1 } as const;

/**
 * Loads the actor's current grants from the database. Grants are read per request (not
 * from the JWT) so a revoked role stops working at once.
 */
export async function loadActor(userId: string): Promise<LoadedActor> {
  const user = Types.ObjectId.isValid(userId)
    ? await readById<UserDoc>(User, new Types.ObjectId(userId), ACTOR_FIELDS)
    : null;
  if (!user || user.disabled) throw new UnauthenticatedError('账号不存在或已停用，请重新登录');
  return {
    userId: String(user._id),
    name: user.name,
    kind: user.kind,
    grants: user.grants.map((g) => ({ role: g.role, orgId: String(g.orgId) })),
    verifiedAs: Object.fromEntries(
      user.grants
        .filter((g) => g.role === 'resident' && g.verified && g.residentId)
        .map((g) => [String(g.orgId), String(g.residentId)]),
    ),
  };
}

/** The policy target for an org: its path (ancestors and itself). */
export function orgTarget(org: Pick<OrgDoc, 'path'>, ownerId?: string): Target {
  return { orgPath: org.path.map(String), ownerId };
}

/** Loads an org or throws 404. */
export async function loadOrg(orgId: string): Promise<OrgDoc> {
  const org = Types.ObjectId.isValid(orgId) ? await readById<OrgDoc>(Org, new Types.ObjectId(orgId)) : null;
  if (!org) throw new NotFoundError('组织不存在');
  return org;
}

/**
 * Throws 403 unless the policy allows. Returns the role that allowed it (or 'owner' /
 * 'signed-in'), which the audit log records as `actorRole`.
 */
export function ensureCan(actor: Actor, action: Action, target: Target): Role | 'owner' | 'signed-in' {
  if (!can(actor, action, target)) throw new ForbiddenError(`没有权限：${ACTIONS[action].label}`);
  const rule = ACTIONS[action] as { roles: readonly Role[]; anySignedIn?: boolean; owner?: boolean };
  const grant = actor.grants.find((g) => rule.roles.includes(g.role) && target.orgPath.includes(g.orgId));
  if (grant) return grant.role;
  const global = actor.grants.find((g) => rule.roles.includes(g.role));
  if (global && !rule.owner && !rule.anySignedIn) return global.role;
  if (rule.owner && target.ownerId === actor.userId) return 'owner';
  return 'signed-in';
}
