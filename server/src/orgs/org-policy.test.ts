import { FEEDBACK_POLICIES, ForbiddenError } from '@sanwu/shared';
import { Org } from './org.model';
import {
  effectiveOrgPolicy,
  requiredSignatures,
  setSupervisionGroup,
  updateOrgPolicy,
} from './org-policy.service';
import { makeOrgTree, makeStaff, useIdentityDb } from '../users/testing';

useIdentityDb();

describe('requiredSignatures', () => {
  it.each([
    ['majority', 5, 3],
    ['majority', 4, 3],
    ['majority', 3, 2],
    ['all', 5, 5],
    [2, 5, 2],
    [7, 5, 5],
  ] as const)('quorum %j of a group of %i needs %i', (quorum, size, needed) => {
    expect(requiredSignatures(quorum, size)).toBe(needed);
  });
});

describe('org policy', () => {
  it('fills defaults, merges feedback overrides, and audits the change', async () => {
    const { county, township } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: county }]);
    expect(effectiveOrgPolicy((await Org.findById(township._id).lean())!)).toEqual({
      reviewQuorum: 'majority',
      financeCadence: 'monthly',
      catalogueItems: [],
      feedbackPolicies: FEEDBACK_POLICIES,
    });
    await updateOrgPolicy(actor, String(township._id), {
      feedbackPolicies: { mailbox: { unit: 'workdays', amount: 3 } },
    });
    const after = await updateOrgPolicy(actor, String(township._id), {
      reviewQuorum: 'all',
      financeCadence: 'quarterly',
      feedbackPolicies: { opinion: { unit: 'calendarDays', amount: 10 } },
    });
    expect(after.reviewQuorum).toBe('all');
    expect(after.financeCadence).toBe('quarterly');
    expect(after.feedbackPolicies).toEqual({
      ...FEEDBACK_POLICIES,
      mailbox: { unit: 'workdays', amount: 3 },
      opinion: { unit: 'calendarDays', amount: 10 },
    });
  });

  it('only lets admins over the org change it', async () => {
    const { village } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'cadre', org: village }]);
    await expect(updateOrgPolicy(actor, String(village._id), { reviewQuorum: 'all' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('sets the supervision group only from supervisors of the org', async () => {
    const { county, village, sibling } = await makeOrgTree();
    const { actor } = await makeStaff([{ role: 'admin', org: county }]);
    const members = await Promise.all([1, 2, 3].map(() => makeStaff([{ role: 'supervisor', org: village }])));
    const outsider = await makeStaff([{ role: 'supervisor', org: sibling }]);
    const ids = members.map((m) => String(m.user._id));
    await expect(setSupervisionGroup(actor, String(village._id), ids)).resolves.toEqual(ids);
    expect((await Org.findById(village._id).lean())!.supervisionGroup.map(String)).toEqual(ids);
    await expect(
      setSupervisionGroup(actor, String(village._id), [...ids, String(outsider.user._id)]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
