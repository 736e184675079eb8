import { ForbiddenError } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { loadActor } from '../policy/authorize';
import { approveGrant, listPendingGrants, proposeGrant, rejectGrant, revokeGrant } from './grant.service';
import { PendingGrant } from './pending-grant.model';
import { makeOrgTree, makeStaff, useIdentityDb } from './testing';
import { User } from './user.model';

useIdentityDb();

async function setup() {
  const tree = await makeOrgTree();
  const admin1 = await makeStaff([{ role: 'admin', org: tree.county }], { name: '管理员甲' });
  const admin2 = await makeStaff([{ role: 'admin', org: tree.county }], { name: '管理员乙' });
  const villageAdmin = await makeStaff([{ role: 'admin', org: tree.sibling }]);
  const target = await makeStaff();
  return { ...tree, admin1, admin2, villageAdmin, target };
}

const roles = async (userId: unknown) => (await User.findById(userId).lean())!.grants.map((g) => g.role);

describe('granting roles', () => {
  it.each(['cadre', 'supervisor', 'resident'] as const)('one admin grants %s at once', async (role) => {
    const s = await setup();
    const result = await proposeGrant(s.admin1.actor, {
      userId: String(s.target.user._id),
      role,
      orgId: String(s.village._id),
    });
    expect(result).toEqual({ status: 'granted' });
    expect(await roles(s.target.user._id)).toEqual([role]);
    expect(await AuditEntry.countDocuments({ action: 'grant.apply', orgId: s.village._id })).toBe(1);
  });

  it.each(['inspector', 'admin'] as const)(
    '%s needs a second, different admin: the proposer cannot approve',
    async (role) => {
      const s = await setup();
      const input = { userId: String(s.target.user._id), role, orgId: String(s.township._id) };
      const result = await proposeGrant(s.admin1.actor, input);
      expect(result.status).toBe('pending');
      expect(await roles(s.target.user._id)).toEqual([]);
      const id = (result as { pendingGrantId: string }).pendingGrantId;

      await expect(approveGrant(s.admin1.actor, id)).rejects.toMatchObject({
        status: 403,
        message: expect.stringContaining('另一名管理员'),
      });
      await expect(approveGrant(s.villageAdmin.actor, id)).rejects.toBeInstanceOf(ForbiddenError);
      expect(await roles(s.target.user._id)).toEqual([]);

      await approveGrant(s.admin2.actor, id);
      expect(await roles(s.target.user._id)).toEqual([role]);
      expect(await PendingGrant.findById(id).lean()).toMatchObject({
        status: 'approved',
        approvedBy: s.admin2.user._id,
      });
      await expect(approveGrant(s.admin2.actor, id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
      const actor = await loadActor(String(s.target.user._id));
      expect(actor.grants).toEqual([{ role, orgId: String(s.township._id) }]);
    },
  );

  it('refuses a duplicate pending proposal and an already held role', async () => {
    const s = await setup();
    const input = { userId: String(s.target.user._id), role: 'admin' as const, orgId: String(s.county._id) };
    await proposeGrant(s.admin1.actor, input);
    await expect(proposeGrant(s.admin2.actor, input)).rejects.toMatchObject({ code: 'CONFLICT' });
    const cadre = { ...input, role: 'cadre' as const, orgId: String(s.village._id) };
    await proposeGrant(s.admin1.actor, cadre);
    await expect(proposeGrant(s.admin1.actor, cadre)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an admin granting outside their subtree and a non-admin granting at all', async () => {
    const s = await setup();
    await expect(
      proposeGrant(s.villageAdmin.actor, {
        userId: String(s.target.user._id),
        role: 'cadre',
        orgId: String(s.village._id),
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const cadre = await makeStaff([{ role: 'cadre', org: s.village }]);
    await expect(
      proposeGrant(cadre.actor, {
        userId: String(s.target.user._id),
        role: 'cadre',
        orgId: String(s.village._id),
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets a second admin reject, lists pending proposals, and revokes a role', async () => {
    const s = await setup();
    const r = await proposeGrant(s.admin1.actor, {
      userId: String(s.target.user._id),
      role: 'inspector',
      orgId: String(s.township._id),
    });
    expect(await listPendingGrants(s.admin2.actor)).toHaveLength(1);
    expect(await listPendingGrants(s.villageAdmin.actor)).toHaveLength(0);
    await rejectGrant(s.admin2.actor, (r as { pendingGrantId: string }).pendingGrantId, '人选不合适');
    expect(await listPendingGrants(s.admin2.actor)).toHaveLength(0);

    await proposeGrant(s.admin1.actor, {
      userId: String(s.target.user._id),
      role: 'cadre',
      orgId: String(s.village._id),
    });
    await revokeGrant(s.admin1.actor, {
      userId: String(s.target.user._id),
      role: 'cadre',
      orgId: String(s.village._id),
    });
    expect(await roles(s.target.user._id)).toEqual([]);
  });
});
