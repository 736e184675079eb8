import { Types } from 'mongoose';
import { ForbiddenError, ZOrg } from '@sanwu/shared';
import { verifyAuditChains } from '../audit/verify-chain';
import { proposeGrant } from '../users/grant.service';
import { PendingGrant } from '../users/pending-grant.model';
import { User } from '../users/user.model';
import { makeOrg, makeOrgTree, makeStaff, useIdentityDb } from '../users/testing';
import { Org } from './org.model';
import {
  ancestors,
  createOrg,
  deactivateOrg,
  escapeRegex,
  listChildren,
  moveOrg,
  renameOrg,
  searchOrgs,
  toOrgDto,
} from './org.service';

useIdentityDb();

const ids = (docs: { _id: Types.ObjectId }[]) => docs.map((d) => String(d._id));

describe('org service', () => {
  it('creates an org under a parent with the path of its ancestors and itself', async () => {
    const { county, township } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: county }]);
    const org = await createOrg(actor, {
      name: '南坡村',
      level: 'village',
      kind: 'village',
      parentId: String(township._id),
    });
    expect(org.path.map(String)).toEqual([String(county._id), String(township._id), String(org._id)]);
    expect(ZOrg.parse(toOrgDto(org))).toEqual(toOrgDto(org));
    expect(await verifyAuditChains()).toMatchObject({ ok: true });
  });

  it.each([
    ['a village under a county', 'village', 'county'],
    ['a township under a village', 'township', 'village'],
    ['an office under a township', 'office', 'township'],
  ] as const)('refuses %s', async (_what, level, parentKey) => {
    const tree = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: tree.county }]);
    const parent =
      parentKey === 'county' ? tree.county : parentKey === 'village' ? tree.village : tree.township;
    await expect(
      createOrg(actor, { name: '新组织', level, kind: 'government', parentId: String(parent._id) }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses an admin of one village renaming its sibling', async () => {
    const { village, sibling } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: village }]);
    await expect(renameOrg(actor, String(sibling._id), '改名村')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('moves an org and recomputes the paths of its whole subtree and of grants held over it', async () => {
    const county = await makeOrg('示范县', 'county');
    const oldTown = await makeOrg('城关镇', 'township', county);
    const newTown = await makeOrg('新城镇', 'township', county);
    const dept = await makeOrg('县农业农村局', 'department', oldTown);
    const office = await makeOrg('综合股', 'office', dept);
    const { actor } = await makeStaff([{ role: 'admin', org: county }]);
    const { user: clerk } = await makeStaff([{ role: 'cadre', org: office }]);
    const pending = await proposeGrant(actor, {
      userId: String(clerk._id),
      role: 'inspector',
      orgId: String(office._id),
    });

    await moveOrg(actor, String(dept._id), String(newTown._id));

    const moved = await Org.findById(office._id).lean();
    expect(moved!.path.map(String)).toEqual(ids([county, newTown, dept, office]));
    expect((await Org.findById(dept._id).lean())!.parentId!.equals(newTown._id)).toBe(true);
    const holder = await User.findById(clerk._id).lean();
    expect(holder!.grants[0]!.orgPath.map(String)).toEqual(ids([county, newTown, dept, office]));
    expect(ids(await Org.find({ path: oldTown._id }).lean())).toEqual([String(oldTown._id)]);
    const proposal = await PendingGrant.findById(
      (pending as { pendingGrantId: string }).pendingGrantId,
    ).lean();
    expect(proposal!.orgPath.map(String)).toEqual(ids([county, newTown, dept, office]));
  });

  it('refuses to move an org under its own descendant', async () => {
    const { county, township, village } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: county }]);
    await expect(moveOrg(actor, String(township._id), String(village._id))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('deactivates a leaf but keeps it, and refuses a parent with active children', async () => {
    const { county, township, village, sibling } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: county }]);
    await expect(deactivateOrg(actor, String(township._id))).rejects.toMatchObject({ code: 'CONFLICT' });
    await deactivateOrg(actor, String(village._id));
    const kept = await Org.findById(village._id).lean();
    expect(kept).toMatchObject({ active: false });
    expect(kept!.deactivatedAt).toBeInstanceOf(Date);
    expect(ids(await listChildren(String(township._id)))).toEqual([String(sibling._id)]);
    expect(await listChildren(String(township._id), true)).toHaveLength(2);
  });

  it('searches by a Chinese substring, treating regex characters as text', async () => {
    const { county, township } = await makeOrgTree();
    await makeOrg('山(口)村', 'village', township);
    expect((await searchOrgs('山')).map((o) => o.name).sort()).toEqual(['东山村', '山(口)村'].sort());
    expect((await searchOrgs('(口)')).map((o) => o.name)).toEqual(['山(口)村']);
    expect(await searchOrgs('.*')).toEqual([]);
    expect((await searchOrgs('村', { within: String(county._id) })).length).toBe(3);
    expect(escapeRegex('a.b*c')).toBe('a\\.b\\*c');
  });

  it('lists ancestors root first', async () => {
    const { county, township, village } = await makeOrgTree();
    expect(ids(await ancestors(String(village._id)))).toEqual(ids([county, township]));
  });
});
