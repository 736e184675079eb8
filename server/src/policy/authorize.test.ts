import { Types } from 'mongoose';
import { ForbiddenError } from '@sanwu/shared';
import { User } from '../users/user.model';
import { makeOrgTree, makeResidentUser, makeStaff, useIdentityDb } from '../users/testing';
import { ensureCan, loadActor, loadOrg, orgTarget } from './authorize';

useIdentityDb();

describe('authorize', () => {
  it('loads the actor with current grants and refuses a disabled or unknown account', async () => {
    const { village } = await makeOrgTree();
    const { user } = await makeStaff([{ role: 'cadre', org: village }], { name: '王建国' });
    await expect(loadActor(String(user._id))).resolves.toEqual({
      userId: String(user._id),
      name: '王建国',
      kind: 'staff',
      grants: [{ role: 'cadre', orgId: String(village._id) }],
      verifiedAs: {},
    });
    await User.updateOne({ _id: user._id }, { $set: { disabled: true } });
    await expect(loadActor(String(user._id))).rejects.toMatchObject({ status: 401 });
    await expect(loadActor('not-an-id')).rejects.toMatchObject({ status: 401 });
  });

  it('carries the registry entry a resident is verified as, per org (not an unverified one)', async () => {
    const { village, sibling } = await makeOrgTree();
    const entry = new Types.ObjectId();
    const user = await User.create({
      kind: 'resident',
      name: '刘大海',
      wechat: { openid: 'openid-verified-as' },
      grants: [
        { role: 'resident', orgId: village._id, orgPath: village.path, verified: true, residentId: entry },
        { role: 'resident', orgId: sibling._id, orgPath: sibling.path, verified: false },
      ],
    });
    const actor = await loadActor(String(user._id));
    expect(actor.verifiedAs).toEqual({ [String(village._id)]: String(entry) });
  });

  it('answers 404 for an unknown org', async () => {
    await expect(loadOrg('000000000000000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['a cadre drafting in their village', 'cadre', 'village', 'disclosure.draft', 'cadre'],
    ['an inspector reading a village below', 'inspector', 'township', 'supervision.read', 'inspector'],
    ['an admin managing the calendar (global)', 'admin', 'village', 'calendar.manage', 'admin'],
  ] as const)(
    'returns the role that allowed %s, for the audit log',
    async (_what, role, at, action, expected) => {
      const tree = await makeOrgTree();
      const { actor } = await makeStaff([{ role, org: tree[at] }]);
      expect(ensureCan(actor, action, orgTarget(tree.village))).toBe(expected);
    },
  );

  it('returns owner or signed-in for rules that allow them', async () => {
    const { village } = await makeOrgTree();
    const { actor } = await makeResidentUser();
    expect(ensureCan(actor, 'feedback.rate', orgTarget(village, actor.userId))).toBe('owner');
    expect(ensureCan(actor, 'feedback.submit', orgTarget(village))).toBe('signed-in');
  });

  it('throws 403 naming the action in Chinese', async () => {
    const { village, sibling } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'cadre', org: village }]);
    expect(() => ensureCan(actor, 'disclosure.draft', orgTarget(sibling))).toThrow(ForbiddenError);
    expect(() => ensureCan(actor, 'disclosure.draft', orgTarget(sibling))).toThrow('没有权限：起草公开事项');
  });
});
